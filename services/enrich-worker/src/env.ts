import { z } from 'zod';
import { baseEnvSchema, parseEnv } from '@bej/config';

export const enrichWorkerEnvSchema = baseEnvSchema.extend({
  ENRICH_PROVIDER: z.enum(['directory', 'openrouter', 'http']).default('directory'),
  ENRICH_DIRECTORY_PATH: z.string().default('examples/directory.jsonl'),
  ENRICH_SIMULATED_LATENCY_MS: z.coerce.number().int().min(0).default(0),
  WORKER_CONCURRENCY: z.coerce.number().int().positive().max(500).default(20),
  /** PostgreSQL connections of one worker process; unset: min(WORKER_CONCURRENCY + 2, 40). */
  WORKER_DB_POOL_MAX: z.coerce.number().int().positive().max(200).optional(),
  /** Set by npm to the folder the command was typed in (workspace scripts run in their own folder). */
  INIT_CWD: z.string().optional(),
});

export type EnrichWorkerEnv = z.infer<typeof enrichWorkerEnvSchema>;

export function loadEnrichWorkerEnv(source: NodeJS.ProcessEnv = process.env): EnrichWorkerEnv {
  return parseEnv(enrichWorkerEnvSchema, source);
}
