// claimAndDebitRow: the worker's claim and debit in one statement keep every guarantee of the two calls.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { insertAgent } from './agents.repository.ts';
import { createDb, type DbHandle } from './client.ts';
import { beginRun, insertBatchWithRows, pauseRun } from './batches.repository.ts';
import { creditAgent, getBalanceMicro, ledgerSumMicro } from './ledger.repository.ts';
import { dropDatabase, migrateDatabase } from './migrate.ts';
import { claimAndDebitRow } from './rows.repository.ts';
import { TEST_JOB_MAPPING, testLead } from './test-support/test-job-mapping.ts';

const url = `postgresql://postgres@127.0.0.1:5432/bej_test_claimdebit_${randomBytes(4).toString('hex')}`;
let handle: DbHandle;

before(async () => {
  await migrateDatabase(url);
  handle = createDb(url, { max: 12 });
});
after(async () => {
  await handle?.close();
  await dropDatabase(url);
});

async function runningJob(balanceMicro: number, rows: number, maxSpendMicro: number | null = null) {
  const agent = await insertAgent(handle.db, { tokenHash: randomBytes(16).toString('hex'), webhookSecret: 'x' });
  if (balanceMicro > 0) await creditAgent(handle.db, { agentId: agent.id, amountMicro: balanceMicro, kind: 'admin_credit', reason: 'test' });
  const job = await insertBatchWithRows(
    handle.db,
    { agentId: agent.id, fileRowCount: rows, storedRowCount: rows, rowCount: rows, priceMicro: 250_000, headers: ['a'], mapping: TEST_JOB_MAPPING, maxSpendMicro },
    Array.from({ length: rows }, (_, rowIndex) => ({ rowIndex, cells: ['x'], input: testLead(), searchVariants: [], status: 'pending' })),
  );
  assert.ok(await handle.db.transaction((tx) => beginRun(tx, job.id, 'uploaded')));
  return { agentId: agent.id, jobId: job.id };
}

const debitsOf = async (jobId: string) =>
  (await handle.db.execute<{ n: number }>(sql`select count(*)::int as n from ledger_entries where job_id = ${jobId} and kind = 'row_debit'`)).rows[0]!.n;

test('a claimed row is debited once in the same statement; its retries find the debit and never pay again', async () => {
  const { agentId, jobId } = await runningJob(1_000_000, 1);
  const lease = { owner: 'delivery-a', ms: 60_000 };
  const first = await claimAndDebitRow(handle.db, jobId, 0, 1, lease);
  assert.equal(first.kind, 'claimed');
  assert.equal(first.kind === 'claimed' && first.debit, 'debited');
  assert.equal(first.kind === 'claimed' && first.agentId, agentId);
  // Twenty racing retries of the same delivery: each takes the row back, none pays.
  const retries = await Promise.all(Array.from({ length: 20 }, () => claimAndDebitRow(handle.db, jobId, 0, 1, lease)));
  assert.deepEqual(new Set(retries.map((r) => (r.kind === 'claimed' ? r.debit : r.kind))), new Set(['already_debited']));
  assert.equal((await claimAndDebitRow(handle.db, jobId, 0, 1, { owner: 'delivery-b', ms: 60_000 })).kind, 'not_claimable', 'held by a');
  assert.equal(await debitsOf(jobId), 1);
  assert.equal(await getBalanceMicro(handle.db, agentId), 750_000);
  assert.equal(await ledgerSumMicro(handle.db, agentId), 750_000);
});

test('racing first deliveries of one row: exactly one debit (the loser of the ledger key retries and finds it)', async () => {
  const { agentId, jobId } = await runningJob(1_000_000, 1);
  // Same owner, so every racer may take the row: only the ledger's per-row key stops a double charge.
  const outcomes = await Promise.all(Array.from({ length: 10 }, () => claimAndDebitRow(handle.db, jobId, 0, 1, { owner: 'same', ms: 60_000 })));
  const debits = outcomes.map((o) => (o.kind === 'claimed' ? o.debit : o.kind));
  assert.equal(debits.filter((d) => d === 'debited').length, 1, debits.join(','));
  assert.equal(await debitsOf(jobId), 1);
  assert.equal(await getBalanceMicro(handle.db, agentId), 750_000);
});

test('the balance and the spend cap hold under concurrency; a refused debit still holds the row for the caller to release', async () => {
  const poor = await runningJob(1_000_000, 10);
  const outcomes = await Promise.all(Array.from({ length: 10 }, (_, i) => claimAndDebitRow(handle.db, poor.jobId, i, 1, { owner: `d${i}`, ms: 60_000 })));
  const debits = outcomes.map((o) => (o.kind === 'claimed' ? o.debit : o.kind));
  assert.equal(debits.filter((d) => d === 'debited').length, 4);
  assert.equal(debits.filter((d) => d === 'insufficient').length, 6);
  assert.equal(await getBalanceMicro(handle.db, poor.agentId), 0);
  assert.equal(await ledgerSumMicro(handle.db, poor.agentId), 0);

  const capped = await runningJob(10_000_000, 10, 750_000);
  const capOutcomes = await Promise.all(Array.from({ length: 10 }, (_, i) => claimAndDebitRow(handle.db, capped.jobId, i, 1, { owner: `d${i}`, ms: 60_000 })));
  const capDebits = capOutcomes.map((o) => (o.kind === 'claimed' ? o.debit : o.kind));
  assert.equal(capDebits.filter((d) => d === 'debited').length, 3);
  assert.equal(capDebits.filter((d) => d === 'spend_cap').length, 7);
  assert.equal(await getBalanceMicro(handle.db, capped.agentId), 10_000_000 - 750_000);
  const running = (await handle.db.execute<{ n: number }>(sql`select count(*)::int as n from batch_enrich_row where job_id = ${capped.jobId} and status = 'running'`)).rows[0]!.n;
  assert.equal(running, 10, 'refused rows are held (running) until the caller releases them');
});

test('a paused job or an old run takes nothing and debits nothing', async () => {
  const { agentId, jobId } = await runningJob(1_000_000, 2);
  assert.deepEqual(await claimAndDebitRow(handle.db, jobId, 0, 2, { owner: 'x', ms: 60_000 }), { kind: 'stale' });
  assert.ok(await pauseRun(handle.db, jobId, 1, 'spend_cap'));
  assert.deepEqual(await claimAndDebitRow(handle.db, jobId, 1, 1, { owner: 'x', ms: 60_000 }), { kind: 'job_not_running' });
  assert.equal(await debitsOf(jobId), 0);
  assert.equal(await getBalanceMicro(handle.db, agentId), 1_000_000);
});
