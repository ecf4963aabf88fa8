import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { Executor } from './client.ts';
import { batchEnrichRowEvents, batchEnrichRows } from './schema.ts';

export type RowRecord = typeof batchEnrichRows.$inferSelect;

export type ClaimOutcome =
  | { kind: 'claimed'; row: RowRecord; agentId: string; priceMicro: number }
  /** The delivery belongs to an earlier run: a newer delivery owns the row now. */
  | { kind: 'stale' }
  /** The job is paused or cancelled: the row goes back to waiting. */
  | { kind: 'job_not_running' }
  /** Done, failed, or released already: nothing to do. */
  | { kind: 'not_claimable' };

/**
 * Takes a row for hunting in one statement. A row still marked running is taken again:
 * that is a retry after a crash, and the ledger's per-row key keeps it from paying twice.
 */
export async function claimRow(db: Executor, jobId: string, rowIndex: number, run: number): Promise<ClaimOutcome> {
  const job = await db.execute<{ status: string; run: number; agent_id: string | null; price_micro: number }>(
    sql`select status, run, agent_id, price_micro from batch_enrich_job where id = ${jobId}`,
  );
  const current = job.rows[0];
  if (!current || current.run !== run) return { kind: 'stale' };
  if (current.status !== 'running' || !current.agent_id) {
    await db
      .update(batchEnrichRows)
      .set({ status: 'pending', startedAt: null })
      // A row left running here was abandoned by a crashed attempt of this same delivery;
      // its debit (if any) stays in the ledger and is found again when the row is resumed.
      .where(
        and(eq(batchEnrichRows.jobId, jobId), eq(batchEnrichRows.rowIndex, rowIndex), sql`${batchEnrichRows.status} in ('queued', 'running')`),
      );
    return { kind: 'job_not_running' };
  }
  const claimed = await db
    .update(batchEnrichRows)
    .set({ status: 'running', attempts: sql`${batchEnrichRows.attempts} + 1`, startedAt: new Date() })
    .where(
      and(
        eq(batchEnrichRows.jobId, jobId),
        eq(batchEnrichRows.rowIndex, rowIndex),
        sql`${batchEnrichRows.status} in ('queued', 'running')`,
      ),
    )
    .returning();
  const row = claimed[0];
  if (!row) return { kind: 'not_claimable' };
  return { kind: 'claimed', row, agentId: current.agent_id, priceMicro: Number(current.price_micro) };
}

/** A claimed row that could not be paid for goes back to pending, unbilled. */
export async function releaseRow(db: Executor, jobId: string, rowIndex: number): Promise<void> {
  await db
    .update(batchEnrichRows)
    .set({ status: 'pending', startedAt: null })
    .where(and(eq(batchEnrichRows.jobId, jobId), eq(batchEnrichRows.rowIndex, rowIndex), eq(batchEnrichRows.status, 'running')));
}

export interface RowFinish {
  matched: boolean;
  spentMicro: number;
  result: unknown;
  found: { people: number; phones: number; emails: number };
}

export async function finishRow(db: Executor, jobId: string, rowIndex: number, finish: RowFinish): Promise<boolean> {
  const updated = await db
    .update(batchEnrichRows)
    .set({
      status: 'done',
      matched: finish.matched,
      spentMicro: finish.spentMicro,
      result: finish.result,
      foundPeople: finish.found.people,
      foundPhones: finish.found.phones,
      foundEmails: finish.found.emails,
      error: null,
      finishedAt: new Date(),
    })
    .where(and(eq(batchEnrichRows.jobId, jobId), eq(batchEnrichRows.rowIndex, rowIndex), eq(batchEnrichRows.status, 'running')))
    .returning({ rowIndex: batchEnrichRows.rowIndex });
  return updated.length > 0;
}

export async function failRow(db: Executor, jobId: string, rowIndex: number, error: string): Promise<boolean> {
  const updated = await db
    .update(batchEnrichRows)
    .set({ status: 'failed', matched: false, spentMicro: 0, error, finishedAt: new Date() })
    .where(
      and(eq(batchEnrichRows.jobId, jobId), eq(batchEnrichRows.rowIndex, rowIndex), sql`${batchEnrichRows.status} in ('queued', 'running')`),
    )
    .returning({ rowIndex: batchEnrichRows.rowIndex });
  return updated.length > 0;
}

export async function addRowEvents(db: Executor, jobId: string, rowIndex: number, events: Array<{ type: string; message: string }>) {
  if (events.length === 0) return;
  await db.insert(batchEnrichRowEvents).values(events.map((e) => ({ jobId, rowIndex, type: e.type, message: e.message })));
}

/** One page of a job's rows in file order (keyset pagination: memory stays flat for any file size). */
export async function rowsPage(db: Executor, jobId: string, afterRowIndex: number, limit: number): Promise<RowRecord[]> {
  return db
    .select()
    .from(batchEnrichRows)
    .where(and(eq(batchEnrichRows.jobId, jobId), gt(batchEnrichRows.rowIndex, afterRowIndex)))
    .orderBy(asc(batchEnrichRows.rowIndex))
    .limit(limit);
}

export interface RederivedRow {
  row_index: number;
  input: unknown;
  search_variants: unknown;
  chat_title: string | null;
  status: 'pending' | 'invalid' | 'skipped';
}

/** Rewrites the derived fields of many rows in one statement per chunk (a corrected mapping). */
export async function rederiveRows(db: Executor, jobId: string, rows: RederivedRow[], chunkSize = 2000): Promise<void> {
  for (let i = 0; i < rows.length; i += chunkSize) {
    const chunk = JSON.stringify(rows.slice(i, i + chunkSize));
    await db.execute(sql`
      update batch_enrich_row r set
        input = u.input, search_variants = u.search_variants, chat_title = u.chat_title, status = u.status,
        result = jsonb_build_object('input', u.input)
      from jsonb_to_recordset(${chunk}::jsonb)
        as u(row_index int, input jsonb, search_variants jsonb, chat_title text, status text)
      where r.job_id = ${jobId} and r.row_index = u.row_index`);
  }
}
