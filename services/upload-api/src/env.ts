import { z } from 'zod';
import { baseEnvSchema, booleanFlag, parseEnv } from '@bej/config';

export const uploadApiEnvSchema = baseEnvSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  ADMIN_TOKEN: z.string().min(1).optional(),
  /** `1` lets the admin token act on /admin/queues (retry, promote, clean, remove); otherwise the board is read-only. */
  ADMIN_QUEUE_ACTIONS: booleanFlag(false),
  BATCH_ENRICH_MAX_ROWS: z.coerce.number().int().positive().default(10_000),
  BATCH_ENRICH_MAX_UPLOAD_BYTES: z.coerce.number().int().positive().default(5_242_880),
  BATCH_ENRICH_LLM_MAP_ENABLED: booleanFlag(true),
  OPENROUTER_API_KEY: z.string().min(1).optional(),
  BATCH_ENRICH_LLM_PREVIEW_ROWS: z.coerce.number().int().positive().default(10),
  /** How long an upload waits for the mapper service before mapping with local heuristics. */
  MAPPER_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
});

export type UploadApiEnv = z.infer<typeof uploadApiEnvSchema>;

export function loadUploadApiEnv(source: NodeJS.ProcessEnv = process.env): UploadApiEnv {
  return parseEnv(uploadApiEnvSchema, source);
}
