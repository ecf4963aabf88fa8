import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { getBalanceMicro, ledgerSumMicro, usdToMicro } from '@bej/db';
import { repoRoot, startTestStack, type TestStack } from './support/test-stack.ts';

const LEADS = readFileSync(`${repoRoot}examples/leads.csv`);
const MATCHED = 29;

let stack: TestStack;
before(async () => {
  // A minimum of 1 USD lets a small top-up run a few rows and then run dry mid-batch.
  stack = await startTestStack({ WORKER_CONCURRENCY: '4', BATCH_ENRICH_MIN_BALANCE_USD: '1', BATCH_ENRICH_ROW_PRICE_USD: '0.25' });
});
after(async () => {
  await stack?.close();
});

test('a batch pauses when the balance runs out and finishes after top-up + resume, ledger to the cent', async () => {
  const { api, database } = stack;
  const agent = await api.mintAgent();
  await api.credit(agent.agent_id, 1.5);
  const job = (await api.upload(LEADS, { bearer: agent.token })).body;
  const started = await api.request('POST', `/api/v1/batch/enrich/${job.id}/start`, { bearer: agent.token });
  assert.equal(started.status, 202, started.text);

  const paused = await api.waitForBatch(job.id, agent.token, (j) => j.status === 'paused' && j.counts.queued === 0 && j.counts.running === 0);
  assert.equal(paused.paused_reason, 'insufficient_balance');
  assert.ok(paused.counts.pending > 0, 'rows not yet hunted stay pending');
  assert.ok(paused.counts.matched >= 6, `1.50 USD pays at least 6 matches (got ${paused.counts.matched})`);
  assert.equal(paused.spent_usd, paused.counts.matched * 0.25);
  const balanceWhenPaused = await getBalanceMicro(database.db, agent.agent_id);
  assert.ok((balanceWhenPaused ?? 0) < usdToMicro(0.25), 'paused only when the next row could not be paid');

  const early = await api.request('POST', `/api/v1/batch/enrich/${job.id}/resume`, { bearer: agent.token });
  assert.equal(early.status, 402);
  assert.equal(early.body.error.code, 'insufficient_balance');

  await api.credit(agent.agent_id, 20);
  const resumed = await api.request('POST', `/api/v1/batch/enrich/${job.id}/resume`, { bearer: agent.token });
  assert.equal(resumed.status, 202, resumed.text);
  assert.equal(resumed.body.status, 'running');
  assert.equal(resumed.body.paused_reason, null);

  const done = await api.waitForBatch(job.id, agent.token, (j) => j.status === 'completed');
  assert.equal(done.counts.matched, MATCHED);
  assert.equal(done.counts.empty, 9);
  assert.equal(done.counts.pending + done.counts.queued + done.counts.running, 0);
  assert.equal(done.spent_usd, MATCHED * 0.25);
  const balance = await getBalanceMicro(database.db, agent.agent_id);
  assert.equal(balance, usdToMicro(21.5) - usdToMicro(MATCHED * 0.25));
  assert.equal(await ledgerSumMicro(database.db, agent.agent_id), balance);

  // No row was debited twice, and every debit of an empty row was credited back exactly once.
  const perRow = await database.db.execute<{ row_index: number; debits: number; refunds: number; matched: boolean }>(sql`
    select r.row_index, r.matched,
      count(*) filter (where l.kind = 'row_debit')::int as debits,
      count(*) filter (where l.kind = 'row_refund')::int as refunds
    from batch_enrich_row r left join ledger_entries l on l.job_id = r.job_id and l.row_index = r.row_index
    where r.job_id = ${job.id} and r.status = 'done' group by r.row_index, r.matched`);
  for (const row of perRow.rows) {
    assert.equal(row.debits, 1, `row ${row.row_index} debited once`);
    assert.equal(row.refunds, row.matched ? 0 : 1, `row ${row.row_index} refunded iff empty`);
  }
});
