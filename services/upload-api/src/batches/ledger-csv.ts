import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { csvLine } from '@bej/csv';
import { ledgerPage, microToUsd, type Executor, type LedgerLine } from '@bej/db';

const PAGE = 1000;
const JOB_LEDGER_COLUMNS = ['at', 'row_index', 'kind', 'amount_usd', 'balance_after_usd', 'reason'];
const AGENT_LEDGER_COLUMNS = ['at', 'job_id', 'row_index', 'kind', 'amount_usd', 'balance_after_usd', 'reason'];

/**
 * Streams a ledger as CSV in entry order, one keyset page at a time. In a job's ledger
 * `amount_usd` is what the entry cost the job (a debit positive, its refund negative), so the
 * column sums to the job's `spent_usd`; in the agent's ledger it is the balance movement
 * (credits positive), so it sums to the balance. `balance_after_usd` is the agent's balance.
 */
export async function writeLedgerCsv(db: Executor, scope: { jobId: string } | { agentId: string }, out: Writable): Promise<void> {
  const forJob = 'jobId' in scope;
  await write(out, csvLine(forJob ? JOB_LEDGER_COLUMNS : AGENT_LEDGER_COLUMNS));
  for (let after = 0; ; ) {
    const page = await ledgerPage(db, scope, after, PAGE);
    if (page.length === 0) return;
    after = page[page.length - 1]!.id;
    await write(out, page.map((line) => csvLine(forJob ? jobCells(line) : agentCells(line))).join(''));
  }
}

const jobCells = (l: LedgerLine) => [l.at.toISOString(), l.rowIndex ?? '', l.kind, microToUsd(-l.amountMicro), microToUsd(l.balanceAfterMicro), l.reason];
const agentCells = (l: LedgerLine) => [l.at.toISOString(), l.jobId ?? '', l.rowIndex ?? '', l.kind, microToUsd(l.amountMicro), microToUsd(l.balanceAfterMicro), l.reason];

async function write(out: Writable, chunk: string): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}
