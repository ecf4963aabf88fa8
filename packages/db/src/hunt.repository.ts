import { and, asc, desc, eq, gt, sql, type SQL } from 'drizzle-orm';
import type { Executor } from './client.ts';
import { batchEnrichRowEvents, batchEnrichRows } from './schema.ts';

/** Row statuses a list can be filtered by; `matched` and `empty` split `done`. */
export const ROW_FILTERS = ['pending', 'queued', 'running', 'done', 'matched', 'empty', 'failed', 'skipped', 'invalid'] as const;
export type RowFilter = (typeof ROW_FILTERS)[number];

export interface RowEventInput {
  type: string;
  message: string;
  /** ISO time the event happened. */
  at: string;
}

/** Stores a row's hunt history (a failed row's; finishRow stores a finished row's in its own statement). */
export async function insertRowEvents(db: Executor, jobId: string, rowIndex: number, events: RowEventInput[]): Promise<void> {
  if (events.length === 0) return;
  await db.execute(sql`
    insert into batch_enrich_row_event (job_id, row_index, type, message, at)
    select ${jobId}, ${rowIndex}, e.type, e.message, e.at
    from jsonb_to_recordset(${JSON.stringify(events)}::jsonb) as e(type text, message text, at timestamptz)`);
}

/** Token usage and cost of a row's hunt; kept apart from the result so it never reaches the CSV. */
export async function storeHuntUsage(db: Executor, jobId: string, rowIndex: number, usage: unknown): Promise<void> {
  await db
    .update(batchEnrichRows)
    .set({ huntUsage: usage })
    .where(and(eq(batchEnrichRows.jobId, jobId), eq(batchEnrichRows.rowIndex, rowIndex)));
}

function filterCondition(filter: RowFilter): SQL {
  if (filter === 'matched') return sql`${batchEnrichRows.status} = 'done' and ${batchEnrichRows.matched} = true`;
  if (filter === 'empty') return sql`${batchEnrichRows.status} = 'done' and ${batchEnrichRows.matched} = false`;
  return sql`${batchEnrichRows.status} = ${filter}`;
}

/** One keyset page of a job's rows for the rows list: no cells, no result. */
/** What a row's line in the rows list shows; the row page adds to it. */
const rowSummaryColumns = {
  rowIndex: batchEnrichRows.rowIndex,
  status: batchEnrichRows.status,
  matched: batchEnrichRows.matched,
  spentMicro: batchEnrichRows.spentMicro,
  reused: batchEnrichRows.reused,
  chatTitle: batchEnrichRows.chatTitle,
};

export async function listRows(db: Executor, jobId: string, opts: { filters: RowFilter[]; afterRowIndex: number; limit: number }) {
  const conditions = [eq(batchEnrichRows.jobId, jobId), gt(batchEnrichRows.rowIndex, opts.afterRowIndex)];
  if (opts.filters.length > 0) conditions.push(sql`(${sql.join(opts.filters.map((f) => sql`(${filterCondition(f)})`), sql` or `)})`);
  return db
    .select(rowSummaryColumns)
    .from(batchEnrichRows)
    .where(and(...conditions))
    .orderBy(asc(batchEnrichRows.rowIndex))
    .limit(opts.limit);
}

/** One row with what its page shows (not the file's cells). */
export async function findRowDetail(db: Executor, jobId: string, rowIndex: number) {
  const [row] = await db
    .select({
      ...rowSummaryColumns,
      input: batchEnrichRows.input,
      searchVariants: batchEnrichRows.searchVariants,
      result: batchEnrichRows.result,
      huntUsage: batchEnrichRows.huntUsage,
      error: batchEnrichRows.error,
      attempts: batchEnrichRows.attempts,
      startedAt: batchEnrichRows.startedAt,
      finishedAt: batchEnrichRows.finishedAt,
    })
    .from(batchEnrichRows)
    .where(and(eq(batchEnrichRows.jobId, jobId), eq(batchEnrichRows.rowIndex, rowIndex)));
  return row ?? null;
}

/** The row's stored hunt history, oldest first, at most `limit` (the latest ones). */
export async function rowEvents(db: Executor, jobId: string, rowIndex: number, limit = 500) {
  const latest = await db
    .select({ id: batchEnrichRowEvents.id, at: batchEnrichRowEvents.at, type: batchEnrichRowEvents.type, message: batchEnrichRowEvents.message })
    .from(batchEnrichRowEvents)
    .where(and(eq(batchEnrichRowEvents.jobId, jobId), eq(batchEnrichRowEvents.rowIndex, rowIndex)))
    .orderBy(desc(batchEnrichRowEvents.id))
    .limit(limit);
  return latest.reverse();
}
