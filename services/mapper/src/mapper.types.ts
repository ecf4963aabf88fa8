import type { z } from 'zod';
import type { mapHeadersResultSchema } from '@bej/queue';

/** The slice of a winston logger the mapper uses; tests pass a recording logger. */
export interface MapperLogger {
  info(message: string, meta?: Record<string, unknown>): unknown;
  warn(message: string, meta?: Record<string, unknown>): unknown;
  error(message: string, meta?: Record<string, unknown>): unknown;
}

export interface MapHeadersRequest {
  /** Agent id, or `anonymous` for every anonymous upload. */
  namespace: string;
  headers: string[];
  /** Already capped by the caller at min(row_limit, BATCH_ENRICH_LLM_PREVIEW_ROWS). */
  sampleRows: string[][];
  /**
   * When the requester stops waiting (epoch ms; `QueueClient.call`'s timeout): the LLM budget ends
   * before it, and an answer found after it is not cached. Absent: no requester is waiting.
   */
  deadlineAt?: number;
}

/** What `mapping.infer` returns to `QueueClient.call` (declared once, in the queue catalog). */
export type MapHeadersResult = z.infer<typeof mapHeadersResultSchema>;
