import {
  completeIfDrained,
  drainedRunningBatches,
  findBatch,
  markRedelivered,
  pausedBatchesWithQueuedRows,
  queuedRowsOfStalledBatches,
  releaseQueuedRows,
  rowsNeedingDelivery,
  withReconcilerLock,
  type Database,
  type UndeliveredRow,
} from '@bej/db';
import type { Logger } from '@bej/logger';
import { deliveryStates, freshRowDeliveryId, rowDeliveryId, rowPriority, type DeliveryState, type QueueClient } from '@bej/queue';

export interface ReconcileDeps {
  db: Database;
  queues: QueueClient;
  logger: Logger;
  /** A running job with no finished row for this long gets its queued rows checked one by one. */
  stallMs: number;
}

interface ReconcileReport {
  /** Rows delivered again under their current id (the delivery was gone). */
  redelivered: number;
  /** Rows delivered under a fresh id (lease lapsed, or the old id stuck completed/failed). */
  freshIds: number;
  /** Running jobs completed whose completion was lost. */
  completed: number;
  /** Queued rows of paused jobs released (their pause event was lost). */
  released: number;
}

/**
 * One sweep that trusts PostgreSQL over Redis: every row a running job still waits for must
 * have a live delivery, every lapsed lease is retaken, every drained job completes. Runs under
 * an advisory lock (one sweeper at a time across processes); null when another holds it.
 */
export async function reconcileOnce(deps: ReconcileDeps): Promise<ReconcileReport | null> {
  return withReconcilerLock(deps.db, async () => {
    const report: ReconcileReport = { redelivered: 0, freshIds: 0, completed: 0, released: 0 };
    for (const jobId of await pausedBatchesWithQueuedRows(deps.db)) report.released += await releaseQueuedRows(deps.db, jobId);
    await redeliverRows(deps, report);
    await redeliverStalledRows(deps, report);
    for (const jobId of await drainedRunningBatches(deps.db)) {
      if (!(await completeIfDrained(deps.db, jobId))) continue;
      report.completed += 1;
      const job = await findBatch(deps.db, jobId);
      deps.logger.info('job completed by the reconciler', { job_id: jobId, agent_id: job?.agentId });
      if (job?.agentId) {
        await deps.queues.enqueue('billing.completed', { jobId, agentId: job.agentId, at: new Date().toISOString() }, { jobId: `completed-${jobId}` });
      }
    }
    return report;
  });
}

async function redeliverRows(deps: ReconcileDeps, report: ReconcileReport): Promise<void> {
  const rows = await rowsNeedingDelivery(deps.db);
  const deliveries: Array<{ row: UndeliveredRow; id: string }> = [];
  // Queue states are asked for a slice at a time: a sweep over a big running batch (up to 20,000
  // candidate rows every RECONCILE_INTERVAL_MS) then holds one slice's replies, not all of them.
  for (let start = 0; start < rows.length; start += STATE_SLICE) {
    const slice = rows.slice(start, start + STATE_SLICE);
    const currentIds = slice.map((r) => rowDeliveryId(r.jobId, r.rowIndex, r.run, r.deliveryId));
    const states = await deliveryStates(deps.queues.queue('batch-enrich-rows'), currentIds);
    for (const [i, row] of slice.entries()) {
      const delivery = await decide(deps.db, row, currentIds[i]!, states[i]!);
      if (delivery === null) continue;
      deliveries.push({ row, id: delivery.id });
      if (delivery.fresh) report.freshIds += 1;
      else report.redelivered += 1;
    }
  }
  await deliver(deps, deliveries);
}

/** Rows whose queue states one Redis round trip asks for. */
const STATE_SLICE = 1_000;

/**
 * What a row needs: nothing while its delivery lives; the same id again when that delivery is
 * gone; a fresh id when it is stuck finished (adding it again would be ignored), orphaned (taken
 * by a worker that died before claiming the row), or when the row's lease lapsed (its old
 * delivery may still look active until BullMQ finds it stalled). A delivery taken for orphaned
 * that was in fact only waiting for a retry runs too and finds the row taken: harmless.
 */
async function decide(db: Database, row: UndeliveredRow, currentId: string, state: DeliveryState): Promise<{ id: string; fresh: boolean } | null> {
  if (row.status === 'queued' && state === 'live') return null;
  if (row.status === 'queued' && state === 'missing') return { id: currentId, fresh: false };
  const reuse = row.status === 'pending' && (state === 'live' || state === 'missing');
  const id = reuse ? currentId : freshRowDeliveryId(row.jobId, row.rowIndex, row.run);
  if (!(await markRedelivered(db, row, id))) return null;
  if (reuse && state === 'live') return null;
  return { id, fresh: !reuse };
}

/** Rows of jobs without progress whose delivery looks alive by its keys but sits in no list. */
async function redeliverStalledRows(deps: ReconcileDeps, report: ReconcileReport): Promise<void> {
  const queue = deps.queues.queue('batch-enrich-rows');
  const deliveries: Array<{ row: UndeliveredRow; id: string }> = [];
  for (const row of await queuedRowsOfStalledBatches(deps.db, deps.stallMs)) {
    const state = await queue.getJobState(rowDeliveryId(row.jobId, row.rowIndex, row.run, row.deliveryId));
    if (state !== 'unknown' && state !== 'completed' && state !== 'failed') continue;
    const id = freshRowDeliveryId(row.jobId, row.rowIndex, row.run);
    if (await markRedelivered(deps.db, row, id)) deliveries.push({ row, id });
  }
  report.freshIds += deliveries.length;
  await deliver(deps, deliveries);
}

/**
 * Re-deliveries rank each row among this pass's re-deliveries of the same batch: a lost row or
 * two go to the front (rank 1: they already waited), while a whole lost queue comes back
 * interleaved by batch as a start would have queued it, so no batch's rows crowd out the others.
 */
async function deliver(deps: ReconcileDeps, deliveries: Array<{ row: UndeliveredRow; id: string }>): Promise<void> {
  if (deliveries.length === 0) return;
  const ranks = new Map<string, number>();
  await deps.queues.enqueueBulk(
    'row.enrich',
    deliveries.map(({ row, id }) => {
      const rank = (ranks.get(row.jobId) ?? 0) + 1;
      ranks.set(row.jobId, rank);
      return { payload: { jobId: row.jobId, rowIndex: row.rowIndex, run: row.run }, jobId: id, priority: rowPriority(rank) };
    }),
  );
}
