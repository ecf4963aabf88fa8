import { z } from 'zod';
import { baseEnvSchema, portNumber, parseEnv } from '@bej/config';

export const enrichWorkerEnvSchema = baseEnvSchema.extend({
  ENRICH_PROVIDER: z.enum(['directory', 'openrouter', 'http']).default('directory'),
  ENRICH_DIRECTORY_PATH: z.string().default('examples/directory.jsonl'),
  ENRICH_SIMULATED_LATENCY_MS: z.coerce.number().int().min(0).default(0),
  WORKER_CONCURRENCY: z.coerce.number().int().positive().max(500).default(20),
  /** /healthz, /readyz and /metrics of this service (0 = any free port). */
  HEALTH_PORT: portNumber(8082),
  /** Set by npm to the folder the command was typed in (workspace scripts run in their own folder). */
  INIT_CWD: z.string().optional(),
});

export type EnrichWorkerEnv = z.infer<typeof enrichWorkerEnvSchema>;

export function loadEnrichWorkerEnv(source: NodeJS.ProcessEnv = process.env): EnrichWorkerEnv {
  return parseEnv(enrichWorkerEnvSchema, source);
}
