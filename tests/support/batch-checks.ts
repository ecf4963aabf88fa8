import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { getBalanceMicro, ledgerSumMicro, type Database } from '@bej/db';
import { repoRoot } from './test-stack.ts';

/** `rows` data rows cut from examples/leads.csv repeated (29 of its 38 rows match the directory). */
export function leadsCsv(rows: number): string {
  const [header, ...lines] = readFileSync(`${repoRoot}examples/leads.csv`, 'utf8').trim().split('\n');
  const data = Array.from({ length: rows }, (_, i) => lines[i % lines.length]!);
  return [header, ...data].join('\n');
}

export async function rowCounts(db: Database, jobId: string): Promise<Record<string, number>> {
  const result = await db.execute<{ status: string; n: number }>(
    sql`select status, count(*)::int as n from batch_enrich_row where job_id = ${jobId} group by status`,
  );
  return Object.fromEntries(result.rows.map((r) => [r.status, r.n]));
}

export async function finishedRows(db: Database, jobId: string): Promise<number> {
  const counts = await rowCounts(db, jobId);
  return (counts.done ?? 0) + (counts.failed ?? 0);
}

/**
 * The money invariants after a batch: every done row debited exactly once, refunded exactly
 * when it came back empty (or failed), the balance equal to the ledger's sum and to the
 * credit minus what the matched rows cost. Returns the figures for the report.
 */
export async function assertExactMoney(db: Database, jobId: string, agentId: string, creditedMicro: number, priceMicro: number) {
  const perRow = await db.execute<{ row_index: number; status: string; matched: boolean | null; debits: number; refunds: number }>(sql`
    select r.row_index, r.status, r.matched,
      count(l.id) filter (where l.kind = 'row_debit')::int as debits,
      count(l.id) filter (where l.kind = 'row_refund')::int as refunds
    from batch_enrich_row r left join ledger_entries l on l.job_id = r.job_id and l.row_index = r.row_index
    where r.job_id = ${jobId} group by r.row_index, r.status, r.matched`);
  let matched = 0;
  let doubleCharges = 0;
  for (const row of perRow.rows) {
    if (row.debits > 1 || row.refunds > 1) doubleCharges += 1;
    if (row.status === 'done') {
      assert.equal(row.debits, 1, `row ${row.row_index} debited once`);
      assert.equal(row.refunds, row.matched ? 0 : 1, `row ${row.row_index} refunded iff empty`);
      if (row.matched) matched += 1;
    } else {
      assert.equal(row.debits, row.refunds, `row ${row.row_index} (${row.status}) holds no charge`);
    }
  }
  assert.equal(doubleCharges, 0, 'no row charged twice');
  const balance = await getBalanceMicro(db, agentId);
  assert.equal(balance, await ledgerSumMicro(db, agentId), 'balance equals the ledger');
  assert.equal(balance, creditedMicro - matched * priceMicro, 'balance is the credit minus the matched rows');
  const negative = await db.execute<{ n: number }>(
    sql`select count(*)::int as n from ledger_entries where agent_id = ${agentId} and balance_after_micro < 0`,
  );
  assert.equal(negative.rows[0]!.n, 0, 'the balance never went below zero');
  return { matched, doubleCharges, balance };
}

/** Rows not finished yet, with their lease and delivery (for the message of a failed wait). */
export async function describeUnfinishedRows(db: Database, jobId: string): Promise<string> {
  const result = await db.execute(sql`
    select row_index, status, attempts, lease_owner, delivery_id,
      round(extract(epoch from (lease_expires_at - now())) * 1000) as lease_left_ms
    from batch_enrich_row where job_id = ${jobId} and status in ('pending', 'queued', 'running') order by row_index limit 20`);
  return JSON.stringify(result.rows);
}
