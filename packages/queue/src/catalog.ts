import { z } from 'zod';
import type { JobsOptions } from 'bullmq';

const columnMappingSchema = z.object({
  columns: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
  search_variants: z.array(z.object({ header: z.string(), kind: z.string() })),
  chat_label: z.object({ primary_column: z.string().nullable(), location_columns: z.array(z.string()) }),
});

/**
 * Every job the system exchanges: key → queue, payload schema, default options.
 * Queue names are part of the deployed state: never rename one once shipped.
 */
export const jobCatalog = {
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
      reason: z.enum(['insufficient_balance', 'spend_cap']),
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
    }),
    // A request/response call: the caller waits with its own timeout and falls back; no retries.
    // The payload carries sample rows of the file (lead data): the job is deleted the moment it
    // finishes, and the answer travels in the completed event, which holds headers only.
    options: { attempts: 1, removeOnComplete: true, removeOnFail: true } satisfies JobsOptions,
  },
  'mapping.remember': {
    queue: 'batch-enrich-mapping',
    schema: z.object({ namespace: z.string().min(1), headers: z.array(z.string()), mapping: columnMappingSchema }),
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

export type JobKey = keyof typeof jobCatalog;
export type JobPayload<K extends JobKey> = z.infer<(typeof jobCatalog)[K]['schema']>;
export type QueueName = (typeof jobCatalog)[JobKey]['queue'];

export const queueNames = [...new Set(Object.values(jobCatalog).map((entry) => entry.queue))] as QueueName[];

/** Keys whose jobs are delivered on `queue` (a consumer handles all of them). */
export function jobKeysOf(queue: QueueName): JobKey[] {
  return (Object.keys(jobCatalog) as JobKey[]).filter((key) => jobCatalog[key].queue === queue);
}

/** One delivery job per outbox row, whoever enqueues it and however often. */
export const callbackDeliveryJobId = (callbackId: string, round: number) => `callback-${callbackId}-${round}`;

/** BullMQ ids may not contain ':'; the run keeps a resumed row from colliding with its earlier delivery. */
export const rowEnrichJobId = (jobId: string, rowIndex: number, run: number) => `${jobId}-${rowIndex}-${run}`;

/**
 * The queue job id a row is delivered under now: the run's deterministic id, or the fresh one
 * the reconciler recorded when that id was stuck in a terminal state (BullMQ ignores adding an
 * id it still keeps as completed or failed).
 */
export function rowDeliveryId(jobId: string, rowIndex: number, run: number, recorded: string | null): string {
  const base = rowEnrichJobId(jobId, rowIndex, run);
  return recorded !== null && recorded.startsWith(`${base}-r`) ? recorded : base;
}

/** A new, never used delivery id for a row of `run`. */
export function freshRowDeliveryId(jobId: string, rowIndex: number, run: number, now = Date.now()): string {
  return `${rowEnrichJobId(jobId, rowIndex, run)}-r${now.toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
}
