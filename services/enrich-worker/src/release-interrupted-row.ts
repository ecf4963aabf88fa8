import { releaseRowLease, type Database } from '@bej/db';
import type { Logger } from '@bej/logger';
import type { HuntInterrupted } from './hunt-under-lease.ts';

/**
 * A hunt stopped before its answer. Lost lease: another delivery owns the row, nothing to do.
 * Shutdown: the row goes back to queued (its debit stays and is found by the next hunt) and the
 * error propagates, so the queue delivers it again to a worker that is not stopping.
 */
export async function releaseInterruptedRow(
  db: Database,
  logger: Logger,
  row: { jobId: string; rowIndex: number; owner: string },
  interruption: HuntInterrupted,
): Promise<'lease_lost'> {
  if (interruption.reason === 'lease_lost') {
    logger.warn('row lease lost, hunt abandoned', { job_id: row.jobId, row_index: row.rowIndex });
    return 'lease_lost';
  }
  const released = await releaseRowLease(db, row.jobId, row.rowIndex, row.owner);
  logger.info('row released on shutdown', { job_id: row.jobId, row_index: row.rowIndex, released });
  throw interruption;
}
