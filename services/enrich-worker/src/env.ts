import { z } from 'zod';
import { baseEnvSchema, parseEnv } from '@bej/config';

export const enrichWorkerEnvSchema = baseEnvSchema.extend({
  ENRICH_PROVIDER: z.enum(['directory', 'openrouter', 'http']).default('directory'),
  ENRICH_DIRECTORY_PATH: z.string().default('examples/directory.jsonl'),
  ENRICH_SIMULATED_LATENCY_MS: z.coerce.number().int().min(0).default(0),
  WORKER_CONCURRENCY: z.coerce.number().int().positive().max(500).default(20),
  /** A hunted row's lease; the heartbeat renews it every third. A dead worker's rows are free again after this long. */
  ROW_LEASE_MS: z.coerce.number().int().min(300).default(15_000),
  /** Queue lock of an active delivery; a dead worker's deliveries are found stalled after about this long. */
  WORKER_LOCK_MS: z.coerce.number().int().min(1_000).default(15_000),
  /** On SIGTERM: how long in-flight rows may finish before they are released for another worker. */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
  /** Set by npm to the folder the command was typed in (workspace scripts run in their own folder). */
  INIT_CWD: z.string().optional(),
});

export type EnrichWorkerEnv = z.infer<typeof enrichWorkerEnvSchema>;

export function loadEnrichWorkerEnv(source: NodeJS.ProcessEnv = process.env): EnrichWorkerEnv {
  return parseEnv(enrichWorkerEnvSchema, source);
}
