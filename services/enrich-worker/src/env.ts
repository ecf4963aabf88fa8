import { z } from 'zod';
import { baseEnvSchema, booleanFlag, portNumber, parseEnv } from '@bej/config';

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
  // openrouter provider
  OPENROUTER_API_KEY: z.string().min(1).optional(),
  OPENROUTER_BASE_URL: z.string().url().default('https://openrouter.ai/api/v1'),
  ENRICH_HUNT_MODEL: z.string().min(1).default('openai/gpt-4.1-mini'),
  ENRICH_SEARCH_BACKEND: z.enum(['auto', 'searxng', 'openrouter-web']).default('auto'),
  ENRICH_SEARCH_URL: z.string().url().optional(),
  ENRICH_SEARCH_MAX_RESULTS: z.coerce.number().int().min(1).max(20).default(5),
  ENRICH_FETCH_ALLOW_PRIVATE: booleanFlag(false),
  ENRICH_HUNT_MAX_TURNS: z.coerce.number().int().min(1).max(20).default(6),
  ENRICH_HUNT_MAX_COST_USD: z.coerce.number().positive().default(0.05),
  ENRICH_HUNT_MAX_TOKENS: z.coerce.number().int().positive().default(100_000),
  ENRICH_HUNT_USD_PER_MTOK_PROMPT: z.coerce.number().min(0).default(0),
  ENRICH_HUNT_USD_PER_MTOK_COMPLETION: z.coerce.number().min(0).default(0),
  ENRICH_HUNT_TOOL_TIMEOUT_MS: z.coerce.number().int().positive().default(15_000),
  // both remote providers
  ENRICH_HUNT_TIMEOUT_MS: z.coerce.number().int().positive().default(60_000),
  ENRICH_HUNT_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3),
  ENRICH_HUNT_BACKOFF_MS: z.coerce.number().int().min(0).default(500),
  ENRICH_RATE_LIMIT_WAIT_MS: z.coerce.number().int().min(1).default(5_000),
  // http provider
  ENRICH_HTTP_URL: z.string().url().optional(),
  ENRICH_HTTP_TOKEN: z.string().min(1).optional(),
  /** PostgreSQL connections of one worker process; unset: min(WORKER_CONCURRENCY + 2, 40). */
  WORKER_DB_POOL_MAX: z.coerce.number().int().positive().max(200).optional(),
  /** /healthz, /readyz and /metrics of this service (0 = any free port). */
  HEALTH_PORT: portNumber(8082),
  /** Set by npm to the folder the command was typed in (workspace scripts run in their own folder). */
  INIT_CWD: z.string().optional(),
});

export type EnrichWorkerEnv = z.infer<typeof enrichWorkerEnvSchema>;

export function loadEnrichWorkerEnv(source: NodeJS.ProcessEnv = process.env): EnrichWorkerEnv {
  return parseEnv(enrichWorkerEnvSchema, source);
}
