import { z } from 'zod';
import { baseEnvSchema, portNumber, booleanFlag, parseEnv } from '@bej/config';

/** The mapper's environment (README "Configuration"). */
export const mapperEnvSchema = baseEnvSchema.extend({
  BATCH_ENRICH_LLM_MAP_ENABLED: booleanFlag(true),
  BATCH_ENRICH_LLM_MAP_MODEL: z.string().min(1).default('data411-crimson-span'),
  OPENROUTER_API_KEY: z.string().min(1).optional(),
  OPENROUTER_BASE_URL: z.string().url().default('https://openrouter.ai/api/v1'),
  BATCH_ENRICH_LLM_PREVIEW_ROWS: z.coerce.number().int().min(0).default(10),
  MAPPER_LLM_TIMEOUT_MS: z.coerce.number().int().positive().default(20_000),
  MAPPER_CONCURRENCY: z.coerce.number().int().positive().default(4),
  /** /healthz, /readyz and /metrics of this service (0 = any free port). */
  HEALTH_PORT: portNumber(8081),
});
export type MapperEnv = z.infer<typeof mapperEnvSchema>;

export function loadMapperEnv(source: NodeJS.ProcessEnv = process.env): MapperEnv {
  return parseEnv(mapperEnvSchema, source);
}
