import { markCallbacksEnqueued, unenqueuedCallbacks, type Database } from '@bej/db';
import type { Logger } from '@bej/logger';
import { callbackDeliveryQueueJobId, type QueueClient } from '@bej/queue';

interface RelayOptions {
  attempts: number;
  retryDelayMs: number;
}

/**
 * Outbox → queue. The trigger wrote the row with the status change; this only moves it to
 * BullMQ. Enqueue first, mark second: a crash in between re-adds the same job id (a no-op while
 * BullMQ keeps it) and the handler skips a callback already delivered.
 */
export async function relayCallbacks(deps: { db: Database; queues: QueueClient; logger: Logger }, opts: RelayOptions): Promise<number> {
  const pending = await unenqueuedCallbacks(deps.db, 200);
  for (const { id: callbackId, round } of pending) {
    await deps.queues.enqueue(
      'callback.deliver',
      { callbackId },
      { jobId: callbackDeliveryQueueJobId(callbackId, round), attempts: opts.attempts, backoff: { type: 'exponential', delay: opts.retryDelayMs } },
    );
  }
  await markCallbacksEnqueued(
    deps.db,
    pending.map((p) => p.id),
  );
  if (pending.length > 0) deps.logger.debug('callbacks queued', { callbacks: pending.length });
  return pending.length;
}
