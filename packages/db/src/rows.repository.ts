import { and, asc, eq, gt, sql, type SQL } from 'drizzle-orm';
import { executeNamed, type Executor } from './client.ts';
import { debitCtes, isRowEntryConflict, refundCtes, type DebitOutcome } from './ledger.repository.ts';
import { batchEnrichRows } from './schema.ts';

export type RowRecord = typeof batchEnrichRows.$inferSelect;

export type ClaimOutcome =
  | { kind: 'claimed'; input: unknown; searchVariants: unknown; attempts: number; agentId: string; priceMicro: number }
  /** The delivery belongs to an earlier run: a newer delivery owns the row now. */
  | { kind: 'stale' }
  /** The job is paused or cancelled: the row goes back to waiting. */
  | { kind: 'job_not_running' }
  /** Done, failed, or released already: nothing to do. */
  | { kind: 'not_claimable' }
  /** A newer run began while this row was in flight: deliver it again for that run. */
  | { kind: 'requeue'; run: number };

/** Who hunts a row and for how long before its lease lapses without a heartbeat. */
export interface RowLease {
  /** The delivery's queue job id; null takes no lease owner (tests of the run logic). */
  owner: string | null;
  ms: number;
}

/**
 * Takes a row for hunting in one statement when its job's current run is running, with a
 * lease. A row still running is taken again only when its lease lapsed (its worker died) or
 * by a retry of the delivery that holds it; the ledger's per-row key keeps a retaken row from
 * paying twice. Only a refused claim costs a second look.
 */
export async function claimRow(
  db: Executor,
  jobId: string,
  rowIndex: number,
  run: number,
  lease: RowLease = { owner: null, ms: 30_000 },
): Promise<ClaimOutcome> {
  const claimed = await executeNamed<{ input: unknown; search_variants: unknown; attempts: number; agent_id: string; price_micro: number }>(
    db,
    'bej_claim_row',
    claimStatement(jobId, rowIndex, run, lease),
  );
  const row = claimed.rows[0];
  if (row) {
    return { kind: 'claimed', input: row.input, searchVariants: row.search_variants, attempts: row.attempts, agentId: row.agent_id, priceMicro: Number(row.price_micro) };
  }
  return refusedClaim(db, jobId, rowIndex, run);
}

/** The claim itself (claimRow alone, or the first step of claimAndDebitRow): one text for both. */
function claimStatement(jobId: string, rowIndex: number, run: number, lease: RowLease): SQL {
  return sql`
    update batch_enrich_row r set status = 'running', attempts = r.attempts + 1, started_at = now(),
      lease_owner = ${lease.owner}, lease_expires_at = now() + ${lease.ms}::int * interval '1 millisecond'
    from batch_enrich_job j
    where r.job_id = ${jobId} and r.row_index = ${rowIndex}
      and (r.status = 'queued' or (r.status = 'running'
        and (r.lease_expires_at is null or r.lease_expires_at <= now() or r.lease_owner = ${lease.owner})))
      and j.id = r.job_id and j.status = 'running' and j.run = ${run} and j.agent_id is not null
    returning r.input, r.search_variants, r.attempts, j.agent_id, j.price_micro`;
}

/** Why a claim took nothing (the second look, only for refused claims). */
async function refusedClaim(db: Executor, jobId: string, rowIndex: number, run: number): Promise<Exclude<ClaimOutcome, { kind: 'claimed' }>> {
  const job = await db.execute<{ status: string; run: number; agent_id: string | null }>(
    sql`select status, run, agent_id from batch_enrich_job where id = ${jobId}`,
  );
  const current = job.rows[0];
  if (!current || current.run !== run) return { kind: 'stale' };
  if (current.status === 'running' && current.agent_id) return { kind: 'not_claimable' };
  // A row left running here was abandoned by a crashed attempt of this same delivery;
  // its debit (if any) stays in the ledger and is found again when the row is resumed.
  const released = await releaseRow(db, jobId, rowIndex, run);
  return released.requeueRun === null ? { kind: 'job_not_running' } : { kind: 'requeue', run: released.requeueRun };
}

export type ClaimDebitOutcome = Exclude<ClaimOutcome, { kind: 'claimed' }> | (Extract<ClaimOutcome, { kind: 'claimed' }> & { debit: DebitOutcome });

/**
 * claimRow and debitRow (see both) in one statement and one round trip: the row is taken under
 * its lease and, in the same statement, its price is debited once (the agent row locked first,
 * the job's spend cap re-checked against the newest job row, the ledger's per-row key keeping a
 * retaken row from paying twice). A claim whose debit is refused (`insufficient`, `spend_cap`)
 * still holds the row, exactly as the two separate calls did: the caller pauses and releases it.
 * Two racing debits of one row collide on the ledger's unique key: the loser's whole statement
 * (its claim included) rolls back and is run once more, when it finds the winner's debit.
 */
export async function claimAndDebitRow(
  db: Executor,
  jobId: string,
  rowIndex: number,
  run: number,
  lease: RowLease,
  retried = false,
): Promise<ClaimDebitOutcome> {
  type Claimed = { input: unknown; search_variants: unknown; attempts: number; agent_id: string; price_micro: number; debited: number; already: number; balance_ok: boolean };
  let result;
  try {
    result = await executeNamed<Claimed>(db, 'bej_claim_and_debit_row', sql`
      with claimed as (${claimStatement(jobId, rowIndex, run, lease)}), ${debitCtes({ agent: sql`(select agent_id from claimed)`, amount: sql`(select price_micro from claimed)`, jobId, rowIndex }, sql`exists (select 1 from claimed)`)}
      select c.input, c.search_variants, c.attempts, c.agent_id, c.price_micro,
        (select count(*) from entry)::int as debited, (select count(*) from existing)::int as already,
        coalesce((select balance_micro from account), 0) >= c.price_micro as balance_ok
      from claimed c`);
  } catch (err) {
    if (!retried && isRowEntryConflict(err)) return claimAndDebitRow(db, jobId, rowIndex, run, lease, true);
    throw err;
  }
  const row = result.rows[0];
  if (!row) return refusedClaim(db, jobId, rowIndex, run);
  const debit: DebitOutcome = row.debited > 0 ? 'debited' : row.already > 0 ? 'already_debited' : row.balance_ok ? 'spend_cap' : 'insufficient';
  return { kind: 'claimed', input: row.input, searchVariants: row.search_variants, attempts: row.attempts, agentId: row.agent_id, priceMicro: Number(row.price_micro), debit };
}

/**
 * Gives a row of run `run` back when its job stopped running: pending while the job is paused
 * (or cancelled), or queued again when a newer run already began meanwhile (the row was in
 * flight when `resume` queued the others, so the caller must deliver it for that run). The job
 * row is share-locked, so this never interleaves with a resume's own transaction.
 */
export async function releaseRow(db: Executor, jobId: string, rowIndex: number, run: number): Promise<{ requeueRun: number | null }> {
  const result = await db.execute<{ status: string | null; run: number }>(sql`
    with job as (
      select status, run from batch_enrich_job where id = ${jobId} for share
    ), released as (
      update batch_enrich_row r
      set status = case when (select status from job) = 'running' then 'queued' else 'pending' end, started_at = null
      where r.job_id = ${jobId} and r.row_index = ${rowIndex} and r.status in ('queued', 'running')
        and not ((select status from job) = 'running' and (select run from job) = ${run})
      returning r.status
    )
    select (select status from released) as status, (select run from job) as run`);
  const row = result.rows[0];
  return { requeueRun: row?.status === 'queued' ? row.run : null };
}

export interface RowFinish {
  matched: boolean;
  spentMicro: number;
  result: unknown;
  found: { people: number; phones: number; emails: number };
  /** `at` (ISO) when the event happened; the finish time when absent. */
  events: Array<{ type: string; message: string; at?: string }>;
  /** Credit the row's debit back in the same statement (an empty hunt). */
  refund: { agentId: string; reason: string } | null;
  /** Store only while this delivery still holds the row's lease (null: any running row). */
  leaseOwner?: string | null;
  /** The hunt's token usage and cost (`hunt_usage`, never in the CSV); absent: left as it is. */
  usage?: unknown;
}

/**
 * Stores a hunted row, its events and (for an empty row) its refund in one statement: all
 * or nothing, and the agent's balance row is locked only while it runs. False when the row
 * was released meanwhile (then nothing changed).
 */
export async function finishRow(db: Executor, jobId: string, rowIndex: number, finish: RowFinish): Promise<boolean> {
  const refund = refundCtes(
    { agentId: finish.refund?.agentId ?? '00000000-0000-0000-0000-000000000000', jobId, rowIndex, reason: finish.refund?.reason ?? '' },
    sql`${finish.refund !== null} and exists (select 1 from fin)`,
  );
  const result = await executeNamed<{ finished: number }>(db, 'bej_finish_row', sql`
      with fin as (
        update batch_enrich_row set status = 'done', matched = ${finish.matched}, spent_micro = ${finish.spentMicro},
          result = ${JSON.stringify(finish.result)}::jsonb, found_people = ${finish.found.people},
          found_phones = ${finish.found.phones}, found_emails = ${finish.found.emails}, error = null, finished_at = now(),
          hunt_usage = coalesce(${finish.usage === undefined ? null : JSON.stringify(finish.usage)}::jsonb, hunt_usage)
        where job_id = ${jobId} and row_index = ${rowIndex} and status = 'running'
          and (${finish.leaseOwner ?? null}::text is null or lease_owner = ${finish.leaseOwner ?? null})
        returning row_index
      ), events as (
        insert into batch_enrich_row_event (job_id, row_index, type, message, at)
        select ${jobId}, ${rowIndex}, e.type, e.message, coalesce(e.at, now())
        from jsonb_to_recordset(${JSON.stringify(finish.events)}::jsonb) as e(type text, message text, at timestamptz)
        where exists (select 1 from fin)
      ), ${refund}
      select (select count(*) from fin)::int as finished`);
  return result.rows[0]!.finished > 0;
}

/** Marks a row failed; with `leaseOwner`, only while that delivery still holds its lease. */
export async function failRow(db: Executor, jobId: string, rowIndex: number, error: string, leaseOwner: string | null = null): Promise<boolean> {
  const updated = await db
    .update(batchEnrichRows)
    .set({ status: 'failed', matched: false, spentMicro: 0, error, finishedAt: new Date() })
    .where(
      and(
        eq(batchEnrichRows.jobId, jobId),
        eq(batchEnrichRows.rowIndex, rowIndex),
        sql`${batchEnrichRows.status} in ('queued', 'running')`,
        sql`(${leaseOwner}::text is null or ${batchEnrichRows.leaseOwner} = ${leaseOwner})`,
      ),
    )
    .returning({ rowIndex: batchEnrichRows.rowIndex });
  return updated.length > 0;
}

const pageColumns = {
  full: undefined,
  /** What the download writes: no cells, no timestamps. */
  output: {
    rowIndex: batchEnrichRows.rowIndex,
    status: batchEnrichRows.status,
    matched: batchEnrichRows.matched,
    spentMicro: batchEnrichRows.spentMicro,
    reused: batchEnrichRows.reused,
    input: batchEnrichRows.input,
    result: batchEnrichRows.result,
  },
  /** The download's second pass: the output and the file's own cells (`file.<header>` columns). */
  outputWithCells: {
    rowIndex: batchEnrichRows.rowIndex,
    status: batchEnrichRows.status,
    matched: batchEnrichRows.matched,
    spentMicro: batchEnrichRows.spentMicro,
    reused: batchEnrichRows.reused,
    input: batchEnrichRows.input,
    result: batchEnrichRows.result,
    cells: batchEnrichRows.cells,
  },
  /** What re-deriving a row needs. */
  cells: { rowIndex: batchEnrichRows.rowIndex, cells: batchEnrichRows.cells },
} as const;

type PageShape = keyof typeof pageColumns;
type PageRow<S extends PageShape> = S extends 'full'
  ? RowRecord
  : { [K in keyof (typeof pageColumns)[Exclude<S, 'full'>]]: RowRecord[K & keyof RowRecord] };

/** One page of a job's rows in file order (keyset pagination: memory stays flat for any file size). */
export async function rowsPage<S extends PageShape = 'full'>(
  db: Executor,
  jobId: string,
  afterRowIndex: number,
  limit: number,
  shape: S = 'full' as S,
): Promise<Array<PageRow<S>>> {
  const columns = pageColumns[shape];
  const query = columns ? db.select(columns).from(batchEnrichRows) : db.select().from(batchEnrichRows);
  return (await query
    .where(and(eq(batchEnrichRows.jobId, jobId), gt(batchEnrichRows.rowIndex, afterRowIndex)))
    .orderBy(asc(batchEnrichRows.rowIndex))
    .limit(limit)) as Array<PageRow<S>>;
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
