import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { insertAgent } from './agents.repository.ts';
import { insertBatchWithRows } from './batches.repository.ts';
import { creditPayment } from './payments.repository.ts';
import { creditAgent, debitRow, getBalanceMicro, ledgerSumMicro, refundRow } from './ledger.repository.ts';
import { useTestDatabase } from './test-support/test-database.ts';
import { sql } from 'drizzle-orm';
import { TEST_JOB_MAPPING } from './test-support/test-job-mapping.ts';

const handle = useTestDatabase('ledger', 20);

async function newAgent(): Promise<string> {
  return (await insertAgent(handle.db, { tokenHash: randomBytes(16).toString('hex'), webhookSecret: 'x' })).id;
}

async function newJob(agentId: string, maxSpendMicro: number | null = null): Promise<string> {
  const job = await insertBatchWithRows(
    handle.db,
    { agentId, fileRowCount: 0, storedRowCount: 0, rowCount: 0, priceMicro: 250_000, headers: ['a'], mapping: TEST_JOB_MAPPING, maxSpendMicro },
    [],
  );
  return job.id;
}

const jobSpent = async (jobId: string) =>
  Number((await handle.db.execute<{ spent: string }>(sql`select ledger_spent_micro as spent from batch_enrich_job where id = ${jobId}`)).rows[0]!.spent);

test('concurrent debits never take the balance below zero and the ledger always sums to it', async () => {
  const agentId = await newAgent();
  await creditAgent(handle.db, { agentId, amountMicro: 2_500_000, kind: 'admin_credit', reason: 'test' });
  const jobId = await newJob(agentId);
  const outcomes = await Promise.all(
    Array.from({ length: 50 }, (_, rowIndex) =>
      handle.db.transaction((tx) => debitRow(tx, { agentId, jobId, rowIndex, amountMicro: 250_000 })),
    ),
  );
  assert.equal(outcomes.filter((o) => o === 'debited').length, 10);
  assert.equal(outcomes.filter((o) => o === 'insufficient').length, 40);
  assert.equal(await getBalanceMicro(handle.db, agentId), 0);
  assert.equal(await ledgerSumMicro(handle.db, agentId), 0);
});

test('a row is debited once and refunded once, however often it is retried', async () => {
  const agentId = await newAgent();
  await creditAgent(handle.db, { agentId, amountMicro: 10_000_000, kind: 'admin_credit', reason: 'test' });
  const jobId = await newJob(agentId);
  const debits = await Promise.all(
    Array.from({ length: 20 }, () => handle.db.transaction((tx) => debitRow(tx, { agentId, jobId, rowIndex: 7, amountMicro: 250_000 }))),
  );
  assert.equal(debits.filter((o) => o === 'debited').length, 1);
  assert.equal(debits.filter((o) => o === 'already_debited').length, 19);
  const refunds = await Promise.all(
    Array.from({ length: 5 }, () => handle.db.transaction((tx) => refundRow(tx, { agentId, jobId, rowIndex: 7, reason: 'empty' }))),
  );
  assert.deepEqual(refunds.filter((o) => o === 'refunded').length, 1);
  assert.equal(await handle.db.transaction((tx) => refundRow(tx, { agentId, jobId, rowIndex: 8, reason: 'empty' })), 'not_debited');
  assert.equal(await getBalanceMicro(handle.db, agentId), 10_000_000);
  assert.equal(await ledgerSumMicro(handle.db, agentId), 10_000_000);
  assert.equal(await jobSpent(jobId), 0, 'the refund takes the debit off the job net spend');
});

test('concurrent debits never take a job past its spend cap, whatever the balance', async () => {
  const agentId = await newAgent();
  await creditAgent(handle.db, { agentId, amountMicro: 100_000_000, kind: 'admin_credit', reason: 'test' });
  const jobId = await newJob(agentId, 2_000_000);
  const outcomes = await Promise.all(
    Array.from({ length: 50 }, (_, rowIndex) => debitRow(handle.db, { agentId, jobId, rowIndex, amountMicro: 250_000 })),
  );
  assert.equal(outcomes.filter((o) => o === 'debited').length, 8);
  assert.equal(outcomes.filter((o) => o === 'spend_cap').length, 42);
  assert.equal(await jobSpent(jobId), 2_000_000);
  assert.equal(await getBalanceMicro(handle.db, agentId), 98_000_000);
  assert.equal(await ledgerSumMicro(handle.db, agentId), 98_000_000);
  // A refund makes room for exactly one more row.
  assert.equal(await refundRow(handle.db, { agentId, jobId, rowIndex: outcomes.indexOf('debited'), reason: 'empty' }), 'refunded');
  const again = await Promise.all(
    Array.from({ length: 10 }, (_, i) => debitRow(handle.db, { agentId, jobId, rowIndex: 100 + i, amountMicro: 250_000 })),
  );
  assert.equal(again.filter((o) => o === 'debited').length, 1);
  assert.equal(await jobSpent(jobId), 2_000_000);
  await assert.rejects(
    handle.db.execute(sql`update batch_enrich_job set ledger_spent_micro = 2000001 where id = ${jobId}`),
    violates('batch_enrich_job_spend_within_cap'),
  );
});

test('a short balance wins over room under the cap, and a failed debit moves neither the job nor the balance', async () => {
  const agentId = await newAgent();
  await creditAgent(handle.db, { agentId, amountMicro: 500_000, kind: 'admin_credit', reason: 'test' });
  const jobId = await newJob(agentId, 10_000_000);
  const outcomes = await Promise.all(Array.from({ length: 5 }, (_, rowIndex) => debitRow(handle.db, { agentId, jobId, rowIndex, amountMicro: 250_000 })));
  assert.deepEqual(outcomes.filter((o) => o === 'debited').length, 2);
  assert.deepEqual(outcomes.filter((o) => o === 'insufficient').length, 3);
  assert.equal(await jobSpent(jobId), 500_000);
  assert.equal(await getBalanceMicro(handle.db, agentId), 0);
});

test('a wallet payment credits once, however often it is replayed or raced', async () => {
  const agentId = await newAgent();
  const outcomes = await Promise.all(
    Array.from({ length: 10 }, () => creditPayment(handle.db, { agentId, amountMicro: 3_000_000, paymentRef: 'x402:same', reason: 'x402 payment' })),
  );
  assert.equal(outcomes.filter((o) => o.credited).length, 1);
  assert.ok(outcomes.every((o) => o.credited || o.reason === 'already_credited'));
  assert.equal(await getBalanceMicro(handle.db, agentId), 3_000_000);
  assert.equal(await ledgerSumMicro(handle.db, agentId), 3_000_000);
});

/** drizzle wraps driver errors; the constraint name is on the cause. */
const violates = (constraint: string) => (err: unknown) => (err as { cause?: { constraint?: string } }).cause?.constraint === constraint;

test('the database itself refuses a negative balance and a second debit of a row', async () => {
  const agentId = await newAgent();
  await assert.rejects(handle.db.execute(sql`update agents set balance_micro = -1 where id = ${agentId}`), violates('agents_balance_non_negative'));
  const jobId = await newJob(agentId);
  const insert = () =>
    handle.db.execute(sql`insert into ledger_entries (agent_id, kind, amount_micro, balance_after_micro, job_id, row_index, reason)
      values (${agentId}, 'row_debit', -1, 0, ${jobId}, 1, 'test')`);
  await insert();
  await assert.rejects(insert(), violates('ledger_entries_row_kind_key'));
});
