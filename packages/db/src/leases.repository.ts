import { sql } from 'drizzle-orm';
import type { Executor } from './client.ts';

/**
 * Extends a row's lease while its delivery still holds it (the heartbeat of a hunt). False
 * when the lease was lost: the row finished, was released, or was retaken after it lapsed.
 */
export async function renewRowLease(db: Executor, jobId: string, rowIndex: number, owner: string, ms: number): Promise<boolean> {
  const renewed = await db.execute(sql`
    update batch_enrich_row set lease_expires_at = now() + ${ms}::int * interval '1 millisecond'
    where job_id = ${jobId} and row_index = ${rowIndex} and status = 'running' and lease_owner = ${owner}`);
  return (renewed.rowCount ?? 0) > 0;
}

/**
 * Hands a row this delivery holds back before its hunt ended (a worker shutting down): queued
 * again while its job runs, else pending. The debit stays in the ledger and is found again by
 * whichever delivery hunts the row next, so it is never paid twice.
 */
export async function releaseRowLease(db: Executor, jobId: string, rowIndex: number, owner: string): Promise<boolean> {
  const released = await db.execute(sql`
    with job as (
      select status from batch_enrich_job where id = ${jobId} for share
    )
    update batch_enrich_row r
    set status = case when (select status from job) = 'running' then 'queued' else 'pending' end,
      started_at = null, lease_expires_at = null
    where r.job_id = ${jobId} and r.row_index = ${rowIndex} and r.status = 'running' and r.lease_owner = ${owner}`);
  return (released.rowCount ?? 0) > 0;
}
