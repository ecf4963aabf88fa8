import { z } from 'zod';
import type { JobsOptions } from 'bullmq';
import { columnMappingSchema, mappingDecisionSchema } from '@bej/leads';
import { PAUSED_REASONS } from '@bej/db';

/** What the mapper answers a `mapping.infer` call with: a decision and who made it, or nothing usable. */
export const mapHeadersResultSchema = z.discriminatedUnion('source', [
  z.object({ source: z.enum(['cache', 'llm', 'heuristic']), decision: mappingDecisionSchema }),
  z.object({ source: z.null(), decision: z.null() }),
]);

/**
 * Every job the system exchanges: key → queue, payload schema, default options.
 * Queue names are part of the deployed state: never rename one once shipped.
 */
export const queueJobCatalog = {
  'row.enrich': {
    queue: 'batch-enrich-rows',
    schema: z.object({ jobId: z.string().uuid(), rowIndex: z.number().int().min(0), run: z.number().int().min(1) }),
    options: {
      attempts: 5,
      backoff: { type: 'exponential', delay: 500 },
      removeOnComplete: true,
      // Bounded by count too: a failed delivery is only a trace (the row's truth is in
      // PostgreSQL and the reconciler re-delivers it under a fresh id).
      removeOnFail: { age: 24 * 3600, count: 5000 },
    } satisfies JobsOptions,
  },
  'billing.paused': {
    queue: 'batch-enrich-billing',
    schema: z.object({
      jobId: z.string().uuid(),
      agentId: z.string().uuid(),
      reason: z.enum(PAUSED_REASONS),
      at: z.string(),
    }),
    options: { attempts: 10, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: 1000, removeOnFail: 1000 } satisfies JobsOptions,
  },
  'billing.completed': {
    queue: 'batch-enrich-billing',
    schema: z.object({ jobId: z.string().uuid(), agentId: z.string().uuid(), at: z.string() }),
    options: { attempts: 10, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: 1000, removeOnFail: 1000 } satisfies JobsOptions,
  },
  'mapping.infer': {
    queue: 'batch-enrich-mapping',
    schema: z.object({
      namespace: z.string().min(1),
      headers: z.array(z.string()),
      sampleRows: z.array(z.array(z.string())),
      /** Epoch ms when the requester stops waiting: the mapper's LLM budget ends before it. */
      deadlineAt: z.number().int().positive(),
    }),
    /** A request/response job: the handler's return type, and the check `QueueClient.call` applies to the answer it receives. */
    result: mapHeadersResultSchema,
    // A request/response call: the caller waits with its own timeout and falls back; no retries.
    // The payload carries sample rows of the file (lead data): the job is deleted the moment it
    // finishes, and the answer travels in the completed event, which holds headers only.
    options: { attempts: 1, removeOnComplete: true, removeOnFail: true } satisfies JobsOptions,
  },
  'mapping.remember': {
    queue: 'batch-enrich-mapping',
    schema: z.object({ namespace: z.string().min(1), headers: z.array(z.string()), mapping: columnMappingSchema }),
    result: z.object({ stored: z.literal(true) }),
    options: { attempts: 5, backoff: { type: 'exponential', delay: 500 }, removeOnComplete: 1000, removeOnFail: 1000 } satisfies JobsOptions,
  },
  'callback.deliver': {
    queue: 'batch-enrich-callbacks',
    schema: z.object({ callbackId: z.string().uuid() }),
    // Kept a day after success so the relay re-adding the same id is a no-op; the outbox's
    // state is the real guard against sending twice. Billing overrides attempts/backoff from env.
    options: {
      attempts: 10,
      backoff: { type: 'exponential', delay: 5000 },
      // Bounded by count too, so a flood of callbacks cannot pile up in Redis (README "Redis in production").
      removeOnComplete: { age: 24 * 3600, count: 10_000 },
      removeOnFail: { age: 7 * 24 * 3600, count: 10_000 },
    } satisfies JobsOptions,
  },
} as const;

export type QueueJobKey = keyof typeof queueJobCatalog;
export type QueueJobPayload<K extends QueueJobKey> = z.infer<(typeof queueJobCatalog)[K]['schema']>;
/** Keys answered through `QueueClient.call`: their catalog entry declares the answer's schema. */
export type CallKey = { [K in QueueJobKey]: (typeof queueJobCatalog)[K] extends { result: z.ZodType } ? K : never }[QueueJobKey];
export type QueueJobResult<K extends QueueJobKey> = (typeof queueJobCatalog)[K] extends { result: infer R extends z.ZodType } ? z.infer<R> : unknown;
export type QueueName = (typeof queueJobCatalog)[QueueJobKey]['queue'];

export const queueNames = [...new Set(Object.values(queueJobCatalog).map((entry) => entry.queue))] as QueueName[];

/** Keys whose jobs are delivered on `queue` (a consumer handles all of them). */
export function queueJobKeysOf(queue: QueueName): QueueJobKey[] {
  return (Object.keys(queueJobCatalog) as QueueJobKey[]).filter((key) => queueJobCatalog[key].queue === queue);
}

/** One delivery job per outbox row, whoever enqueues it and however often. */
export const callbackDeliveryQueueJobId = (callbackId: string, round: number) => `callback-${callbackId}-${round}`;

/** BullMQ ids may not contain ':'; the run keeps a resumed row from colliding with its earlier delivery. */
export const rowEnrichQueueJobId = (jobId: string, rowIndex: number, run: number) => `${jobId}-${rowIndex}-${run}`;

/**
 * The queue job id a row is delivered under now: the run's deterministic id, or the fresh one
 * the reconciler recorded when that id was stuck in a terminal state (BullMQ ignores adding an
 * id it still keeps as completed or failed).
 */
export function rowDeliveryId(jobId: string, rowIndex: number, run: number, recorded: string | null): string {
  const base = rowEnrichQueueJobId(jobId, rowIndex, run);
  return recorded !== null && recorded.startsWith(`${base}-r`) ? recorded : base;
}

/** A new, never used delivery id for a row of `run`. */
export function freshRowDeliveryId(jobId: string, rowIndex: number, run: number, now = Date.now()): string {
  return `${rowEnrichQueueJobId(jobId, rowIndex, run)}-r${now.toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
}
