import { sql } from 'drizzle-orm';
import type { Database, Executor } from './client.ts';

/** A row of a running job that should have a live delivery. */
export interface UndeliveredRow {
  jobId: string;
  run: number;
  rowIndex: number;
  status: 'pending' | 'queued' | 'running';
  deliveryId: string | null;
}

const RECONCILER_LOCK = 'batch-enrich.reconciler';

/**
 * Runs `sweep` while holding a transaction-scoped advisory lock, so one reconciler sweeps at a
 * time however many processes run one; null when another holds it. The lock dies with the
 * transaction, so a crashed sweeper never blocks the others.
 */
export async function withReconcilerLock<T>(db: Database, sweep: () => Promise<T>): Promise<T | null> {
  return db.transaction(async (tx) => {
    const lock = await tx.execute<{ locked: boolean }>(sql`select pg_try_advisory_xact_lock(hashtext(${RECONCILER_LOCK})) as locked`);
    if (!lock.rows[0]?.locked) return null;
    return sweep();
  });
}

/**
 * Rows of running jobs that need a delivery: pending ones (none should be), queued ones, and
 * running ones whose lease lapsed (their worker stopped renewing it). Queued rows are only
 * candidates: the caller checks their delivery in the queue.
 */
export async function rowsNeedingDelivery(db: Executor, limit = 20_000): Promise<UndeliveredRow[]> {
  const result = await db.execute<{ job_id: string; run: number; row_index: number; status: UndeliveredRow['status']; delivery_id: string | null }>(sql`
    select j.id as job_id, j.run, r.row_index, r.status, r.delivery_id
    from batch_enrich_job j
    join batch_enrich_row r on r.job_id = j.id
      and (r.status in ('pending', 'queued') or (r.status = 'running' and (r.lease_expires_at is null or r.lease_expires_at <= now())))
    where j.status = 'running' and j.agent_id is not null
    order by j.id, r.row_index
    limit ${limit}`);
  return result.rows.map((r) => ({ jobId: r.job_id, run: r.run, rowIndex: r.row_index, status: r.status, deliveryId: r.delivery_id }));
}

/**
 * Records the new delivery of a row and puts it (back) in `queued`, only when it is still in
 * the state the sweep saw: a lapsed running row whose lease was not renewed meanwhile, or a
 * waiting row whose delivery did not change. False when a worker got there first.
 */
export async function markRedelivered(db: Executor, row: UndeliveredRow, deliveryId: string): Promise<boolean> {
  const updated = await db.execute(sql`
    with job as (
      select id from batch_enrich_job where id = ${row.jobId} and status = 'running' and run = ${row.run} for share
    )
    update batch_enrich_row r set status = 'queued', delivery_id = ${deliveryId}
    where r.job_id = ${row.jobId} and r.row_index = ${row.rowIndex} and exists (select 1 from job)
      and r.delivery_id is not distinct from ${row.deliveryId}
      and (r.status in ('pending', 'queued') or (r.status = 'running' and (r.lease_expires_at is null or r.lease_expires_at <= now())))`);
  return (updated.rowCount ?? 0) > 0;
}

/** Running jobs with nothing left waiting or in flight: their completion was lost (a crash after the last row). */
export async function drainedRunningBatches(db: Executor): Promise<string[]> {
  const result = await db.execute<{ id: string }>(sql`
    select j.id from batch_enrich_job j
    where j.status = 'running'
      and not exists (select 1 from batch_enrich_row r where r.job_id = j.id and r.status in ('pending', 'queued', 'running'))`);
  return result.rows.map((r) => r.id);
}

/** Paused jobs that still have queued rows (their pause event was lost). */
export async function pausedBatchesWithQueuedRows(db: Executor): Promise<string[]> {
  const result = await db.execute<{ id: string }>(sql`
    select j.id from batch_enrich_job j
    where j.status = 'paused' and exists (select 1 from batch_enrich_row r where r.job_id = j.id and r.status = 'queued')`);
  return result.rows.map((r) => r.id);
}

/**
 * Queued rows of running jobs where no row has finished for `stallMs`: their deliveries look
 * alive by their keys but may sit in no list at all (a partial eviction), so the caller checks
 * them one by one.
 */
export async function queuedRowsOfStalledBatches(db: Executor, stallMs: number, limit = 500): Promise<UndeliveredRow[]> {
  const result = await db.execute<{ job_id: string; run: number; row_index: number; delivery_id: string | null }>(sql`
    with stalled as (
      select j.id, j.run from batch_enrich_job j
      where j.status = 'running' and j.updated_at < now() - ${stallMs}::int * interval '1 millisecond'
        and not exists (
          select 1 from batch_enrich_row f
          where f.job_id = j.id and f.finished_at >= now() - ${stallMs}::int * interval '1 millisecond'
        )
    )
    select s.id as job_id, s.run, r.row_index, r.delivery_id
    from stalled s join batch_enrich_row r on r.job_id = s.id and r.status = 'queued'
    order by s.id, r.row_index
    limit ${limit}`);
  return result.rows.map((r) => ({ jobId: r.job_id, run: r.run, rowIndex: r.row_index, status: 'queued' as const, deliveryId: r.delivery_id }));
}
