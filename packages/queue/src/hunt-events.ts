import { z } from 'zod';

/**
 * Live hunt progress (README "Hunts: providers and live progress") travels through Redis under QUEUE_PREFIX:
 * - a pub/sub channel per job, which each upload-api process subscribes to once per job with listeners;
 * - a capped stream per job, so an event stream can resume after `Last-Event-ID` (the stream id is the SSE id);
 * - a capped list per running row, so a row's page shows its hunt before the row is stored.
 * PostgreSQL keeps each finished row's own bounded history (batch_enrich_row_event).
 */
export const HUNT_EVENT_TYPES = [
  'row_started',
  'pass_started',
  'tool_progress',
  'search_tail',
  'pass_finished',
  'rate_limited',
  'row_done',
  'row_empty',
  'row_failed',
] as const;
export type HuntEventType = (typeof HUNT_EVENT_TYPES)[number];

export const liveRowEventSchema = z.object({
  row_index: z.number().int().min(0),
  /** The row's status once this event happened (running until the final event). */
  status: z.string(),
  matched: z.boolean().nullable(),
  type: z.enum(HUNT_EVENT_TYPES),
  message: z.string(),
  at: z.string(),
});
export type LiveRowEvent = z.infer<typeof liveRowEventSchema>;

/** What the channel carries: a row event with its stream id, or a hint that the job's counters moved. */
export const huntMessageSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('row'), id: z.string(), event: liveRowEventSchema }),
  z.object({ kind: z.literal('job') }),
]);
export type HuntMessage = z.infer<typeof huntMessageSchema>;

export const huntKeys = {
  channel: (prefix: string, jobId: string) => `${prefix}:hunt:${jobId}:live`,
  stream: (prefix: string, jobId: string) => `${prefix}:hunt:${jobId}:stream`,
  row: (prefix: string, jobId: string, rowIndex: number) => `${prefix}:hunt:${jobId}:row:${rowIndex}`,
};

/** Bounds: the stream keeps the last events of a job for resuming, lists and streams expire when idle. */
export const HUNT_STREAM_MAX = 5000;
export const HUNT_ROW_LIST_MAX = 200;
export const HUNT_TTL_SECONDS = 24 * 3600;
/** A message longer than this is cut (search tails, model errors): the live view is a glimpse, not a dump. */
export const HUNT_MESSAGE_MAX = 400;

export function clipMessage(message: string): string {
  const flat = message.replace(/\s+/g, ' ').trim();
  return flat.length <= HUNT_MESSAGE_MAX ? flat : `${flat.slice(0, HUNT_MESSAGE_MAX - 1)}…`;
}
