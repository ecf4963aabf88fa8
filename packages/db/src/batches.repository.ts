import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { BatchMapping } from '@bej/leads';
import { executeNamed, type Database, type Executor } from './client.ts';
import { batchEnrichJobs, batchEnrichRows } from './schema.ts';
import { ROW_STATUSES, type PausedReason, type RowStatus } from './statuses.ts';

export type BatchRecord = typeof batchEnrichJobs.$inferSelect;
export type NewBatch = typeof batchEnrichJobs.$inferInsert;
export type NewRow = Omit<typeof batchEnrichRows.$inferInsert, 'jobId'>;

const INSERT_CHUNK = 2000;

/**
 * Stores the job and every row of the file in one transaction. Rows travel as one JSON
 * parameter per chunk (jsonb_to_recordset): far fewer bind parameters and much less query
 * building than a multi-row VALUES list.
 */
export async function insertBatchWithRows(db: Database, job: NewBatch, rows: NewRow[]): Promise<BatchRecord> {
  return db.transaction(async (tx) => {
    const [created] = await tx.insert(batchEnrichJobs).values(job).returning();
    if (!created) throw new Error('job insert returned nothing');
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      const chunk = JSON.stringify(
        rows.slice(i, i + INSERT_CHUNK).map((row) => ({
          row_index: row.rowIndex,
          cells: row.cells,
          input: row.input,
          search_variants: row.searchVariants,
          chat_title: row.chatTitle ?? null,
          status: row.status,
          result: row.result ?? null,
          error: row.error ?? null,
        })),
      );
      await tx.execute(sql`
        insert into batch_enrich_row (job_id, row_index, cells, input, search_variants, chat_title, status, result, error)
        select ${created.id}, r.row_index, r.cells, r.input, r.search_variants, r.chat_title, r.status, r.result, r.error
        from jsonb_to_recordset(${chunk}::jsonb)
          as r(row_index int, cells jsonb, input jsonb, search_variants jsonb, chat_title text, status text, result jsonb, error text)`);
    }
    return created;
  });
}

export async function findBatch(db: Executor, jobId: string): Promise<BatchRecord | null> {
  const [job] = await db.select().from(batchEnrichJobs).where(eq(batchEnrichJobs.id, jobId));
  return job ?? null;
}

export interface BatchTotals {
  counts: Record<RowStatus | 'matched' | 'empty', number>;
  spentMicro: number;
  found: { people: number; phones: number; emails: number };
  /** When a row last finished: the job changes while it runs even though its own row does not. */
  lastRowAt: Date | null;
}

/** Counters derived from the rows themselves (one indexed aggregate), so they can never drift. */
export async function batchTotals(db: Executor, jobId: string): Promise<BatchTotals> {
  const result = await db
    .select({
      status: batchEnrichRows.status,
      matched: batchEnrichRows.matched,
      rows: sql<number>`count(*)::int`,
      spent: sql<number>`coalesce(sum(${batchEnrichRows.spentMicro}), 0)::bigint`,
      people: sql<number>`coalesce(sum(${batchEnrichRows.foundPeople}), 0)::int`,
      phones: sql<number>`coalesce(sum(${batchEnrichRows.foundPhones}), 0)::int`,
      emails: sql<number>`coalesce(sum(${batchEnrichRows.foundEmails}), 0)::int`,
      lastRowAt: sql<string | null>`max(${batchEnrichRows.finishedAt})`,
    })
    .from(batchEnrichRows)
    .where(eq(batchEnrichRows.jobId, jobId))
    .groupBy(batchEnrichRows.status, batchEnrichRows.matched);
  const counts = Object.fromEntries([...ROW_STATUSES, 'matched', 'empty'].map((k) => [k, 0])) as BatchTotals['counts'];
  const totals: BatchTotals = { counts, spentMicro: 0, found: { people: 0, phones: 0, emails: 0 }, lastRowAt: null };
  for (const group of result) {
    counts[group.status as RowStatus] += group.rows;
    if (group.status === 'done') counts[group.matched ? 'matched' : 'empty'] += group.rows;
    totals.spentMicro += Number(group.spent);
    totals.found.people += group.people;
    totals.found.phones += group.phones;
    totals.found.emails += group.emails;
    const last = group.lastRowAt === null ? null : new Date(group.lastRowAt);
    if (last && (!totals.lastRowAt || last > totals.lastRowAt)) totals.lastRowAt = last;
  }
  return totals;
}

/** Claims an anonymous job for an agent; a job linked already is left as it is. */
export async function linkBatch(db: Executor, jobId: string, agentId: string): Promise<BatchRecord | null> {
  const [job] = await db
    .update(batchEnrichJobs)
    .set({ agentId, updatedAt: new Date() })
    .where(and(eq(batchEnrichJobs.id, jobId), isNull(batchEnrichJobs.agentId)))
    .returning();
  return job ?? null;
}

/**
 * Moves a job into a new run: status running, run + 1, every row still waiting
 * (pending, or queued by an earlier run whose deliveries are now stale) queued for it.
 * Returns null when the job was not in `from` any more (a concurrent start won).
 */
export async function beginRun(
  tx: Executor,
  jobId: string,
  from: 'uploaded' | 'paused',
): Promise<{ job: BatchRecord; rowIndexes: number[] } | null> {
  const [job] = await tx
    .update(batchEnrichJobs)
    .set({ status: 'running', pausedReason: null, run: sql`${batchEnrichJobs.run} + 1`, updatedAt: new Date() })
    .where(and(eq(batchEnrichJobs.id, jobId), eq(batchEnrichJobs.status, from)))
    .returning();
  if (!job) return null;
  const queued = await tx
    .update(batchEnrichRows)
    .set({ status: 'queued' })
    .where(and(eq(batchEnrichRows.jobId, jobId), inArray(batchEnrichRows.status, ['pending', 'queued'])))
    .returning({ rowIndex: batchEnrichRows.rowIndex });
  return { job, rowIndexes: queued.map((r) => r.rowIndex).sort((a, b) => a - b) };
}

/** Pauses the run that is still current; false when another worker paused it first or a new run began. */
export async function pauseRun(db: Executor, jobId: string, run: number, reason: PausedReason): Promise<boolean> {
  const paused = await db
    .update(batchEnrichJobs)
    .set({ status: 'paused', pausedReason: reason, updatedAt: new Date() })
    .where(and(eq(batchEnrichJobs.id, jobId), eq(batchEnrichJobs.status, 'running'), eq(batchEnrichJobs.run, run)))
    .returning({ id: batchEnrichJobs.id });
  return paused.length > 0;
}

/** Completes the job when no row is left waiting or in flight; true only for the caller that completed it. */
export async function completeIfDrained(db: Executor, jobId: string): Promise<boolean> {
  const done = await executeNamed(db, 'bej_complete_if_drained', sql`
    update batch_enrich_job set status = 'completed', updated_at = now(), completed_at = now()
    where id = ${jobId} and status = 'running'
      and not exists (
        select 1 from batch_enrich_row
        where job_id = ${jobId} and status in ('pending', 'queued', 'running'))
    returning id`);
  return (done.rowCount ?? 0) > 0;
}

/**
 * Rows of a paused job that were queued but not taken go back to pending (their deliveries
 * are ignored). The job row is share-locked: a plain join would let a concurrent resume's
 * freshly queued rows be released against the job's old, paused version.
 */
export async function releaseQueuedRows(db: Executor, jobId: string): Promise<number> {
  const released = await db.execute(sql`
    with job as (
      select id from batch_enrich_job where id = ${jobId} and status = 'paused' for share
    )
    update batch_enrich_row r set status = 'pending'
    where r.job_id = ${jobId} and r.status = 'queued' and exists (select 1 from job)
    returning r.row_index`);
  return released.rowCount ?? 0;
}

/** Replaces the mapping of a job that has not started; false when it started meanwhile. */
export async function replaceMapping(db: Executor, jobId: string, mapping: BatchMapping, rowCount: number): Promise<boolean> {
  const updated = await db
    .update(batchEnrichJobs)
    .set({ mapping, rowCount, updatedAt: new Date() })
    .where(and(eq(batchEnrichJobs.id, jobId), eq(batchEnrichJobs.status, 'uploaded')))
    .returning({ id: batchEnrichJobs.id });
  return updated.length > 0;
}
