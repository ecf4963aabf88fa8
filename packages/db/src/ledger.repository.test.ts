import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { insertAgent } from './agents.repository.ts';
import { createDb, type DbHandle } from './client.ts';
import { creditAgent, debitRow, getBalanceMicro, ledgerSumMicro, refundRow } from './ledger.repository.ts';
import { dropDatabase, migrateDatabase } from './migrate.ts';
import { sql } from 'drizzle-orm';

const url = `postgresql://postgres@127.0.0.1:5432/bej_test_ledger_${randomBytes(4).toString('hex')}`;
let handle: DbHandle;

before(async () => {
  await migrateDatabase(url);
  handle = createDb(url, { max: 20 });
});
after(async () => {
  await handle?.close();
  await dropDatabase(url);
});

async function newAgent(): Promise<string> {
  return (await insertAgent(handle.db, { tokenHash: randomBytes(16).toString('hex'), webhookSecret: 'x' })).id;
}

test('concurrent debits never take the balance below zero and the ledger always sums to it', async () => {
  const agentId = await newAgent();
  await creditAgent(handle.db, { agentId, amountMicro: 2_500_000, kind: 'admin_credit', reason: 'test' });
  const jobId = randomUUID();
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
  const jobId = randomUUID();
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
});

/** drizzle wraps driver errors; the constraint name is on the cause. */
const violates = (constraint: string) => (err: unknown) => (err as { cause?: { constraint?: string } }).cause?.constraint === constraint;

test('the database itself refuses a negative balance and a second debit of a row', async () => {
  const agentId = await newAgent();
  await assert.rejects(handle.db.execute(sql`update agents set balance_micro = -1 where id = ${agentId}`), violates('agents_balance_non_negative'));
  const jobId = randomUUID();
  const insert = () =>
    handle.db.execute(sql`insert into ledger_entries (agent_id, kind, amount_micro, balance_after_micro, job_id, row_index, reason)
      values (${agentId}, 'row_debit', -1, 0, ${jobId}, 1, 'test')`);
  await insert();
  await assert.rejects(insert(), violates('ledger_entries_row_kind_key'));
});
