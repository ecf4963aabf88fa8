import { queuedRowsOfRunningJobs, type Database } from '@bej/db';
import type { Logger } from '@bej/logger';
import { rowEnrichJobId, type QueueClient } from '@bej/queue';

/**
 * Truth is in PostgreSQL: a row queued for a running job must have a delivery. Re-adding
 * with the same deterministic id is a no-op while the delivery exists, so this only fills
 * gaps (a start that committed but crashed before enqueueing, a flushed Redis).
 */
export async function redeliverQueuedRows(deps: { db: Database; queues: QueueClient; logger: Logger }): Promise<number> {
  const rows = await queuedRowsOfRunningJobs(deps.db);
  if (rows.length === 0) return 0;
  await deps.queues.enqueueBulk(
    'row.enrich',
    rows.map((r) => ({ payload: { jobId: r.jobId, rowIndex: r.rowIndex, run: r.run }, jobId: rowEnrichJobId(r.jobId, r.rowIndex, r.run) })),
  );
  deps.logger.info('queued rows re-delivered', { rows: rows.length });
  return rows.length;
}
