import { z } from 'zod';
import { baseEnvSchema, booleanFlag, parseEnv } from '@bej/config';

export const uploadApiEnvSchema = baseEnvSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  ADMIN_TOKEN: z.string().min(1).optional(),
  /** `1` lets the admin token act on /admin/queues (retry, promote, clean, remove); otherwise the board is read-only. */
  ADMIN_QUEUE_ACTIONS: booleanFlag(false),
  BATCH_ENRICH_MAX_ROWS: z.coerce.number().int().positive().default(10_000),
  BATCH_ENRICH_MAX_UPLOAD_BYTES: z.coerce.number().int().positive().default(5_242_880),
  /** Fields in any one line of an upload (header included); more is refused while reading. */
  BATCH_ENRICH_MAX_COLUMNS: z.coerce.number().int().positive().default(2_000),
  /** Characters in any one field of an upload (a spreadsheet cell holds at most 32,767). */
  BATCH_ENRICH_MAX_FIELD_CHARS: z.coerce.number().int().positive().default(65_536),
  BATCH_ENRICH_LLM_MAP_ENABLED: booleanFlag(true),
  OPENROUTER_API_KEY: z.string().min(1).optional(),
  BATCH_ENRICH_LLM_PREVIEW_ROWS: z.coerce.number().int().positive().default(10),
  /** How long an upload waits for the mapper service before mapping with local heuristics. */
  MAPPER_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  /** Comment frames on idle event streams, so proxies and clients see the connection alive. */
  LIVE_HEARTBEAT_MS: z.coerce.number().int().min(100).default(15_000),
  /** How often watched jobs are re-read even without row events (start, resume, pause happen elsewhere). */
  LIVE_JOB_REFRESH_MS: z.coerce.number().int().min(100).default(2_000),
});

export type UploadApiEnv = z.infer<typeof uploadApiEnvSchema>;

export function loadUploadApiEnv(source: NodeJS.ProcessEnv = process.env): UploadApiEnv {
  return parseEnv(uploadApiEnvSchema, source);
}
