import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { getBalanceMicro, ledgerSumMicro, usdToMicro } from '@bej/db';
import { ASSET, FakeFacilitator, NETWORK, PAY_TO, paymentHeader } from './support/fake-facilitator.ts';
import { repoRoot, startTestStack, type TestStack } from './support/test-stack.ts';

const LEADS = readFileSync(`${repoRoot}examples/leads.csv`);
let stack: TestStack;
let facilitator: FakeFacilitator;

before(async () => {
  facilitator = await new FakeFacilitator().start();
  stack = await startTestStack({
    X402_PAY_TO: PAY_TO,
    X402_FACILITATOR_URL: facilitator.url,
    X402_NETWORK: NETWORK,
    X402_ASSET: ASSET,
    BATCH_ENRICH_MIN_BALANCE_USD: '10',
    WORKER_CONCURRENCY: '4',
  });
});
after(async () => {
  await stack?.close();
  await facilitator?.stop();
});

const payments = async (agentId: string) =>
  (await stack.database.db.execute<{ n: number }>(sql`select count(*)::int as n from ledger_entries where agent_id = ${agentId} and kind = 'x402_payment'`)).rows[0]!.n;

async function uploadedJob() {
  const agent = await stack.api.mintAgent();
  const job = (await stack.api.upload(LEADS, { bearer: agent.token })).body;
  return { agent, job, start: (headers?: Record<string, string>) => stack.api.request('POST', `/api/v1/batch/enrich/${job.id}/start`, { bearer: agent.token, headers }) };
}

test('a start below the minimum answers 402 with the JSON error and the x402 requirements for the shortfall', async () => {
  const { agent, start } = await uploadedJob();
  await stack.api.credit(agent.agent_id, 2.5);
  const res = await start();
  assert.equal(res.status, 402);
  assert.equal(res.body.error.code, 'insufficient_balance');
  assert.equal(res.body.error.shortfall_usd, 7.5);
  assert.equal(res.body.x402Version, 2);
  const [accept] = res.body.accepts;
  assert.equal(accept.scheme, 'exact');
  assert.equal(accept.network, NETWORK);
  assert.equal(accept.amount, '7500000', 'atomic USDC units (6 decimals) of the 7.50 USD shortfall');
  assert.equal(accept.asset, ASSET);
  assert.equal(accept.payTo, PAY_TO);
  assert.match(accept.resource, /\/api\/v1\/batch\/enrich\/[0-9a-f-]+\/start$/);
  const header = JSON.parse(Buffer.from(res.headers.get('payment-required')!, 'base64').toString());
  assert.deepEqual(header.accepts, res.body.accepts);
});

test('a payment the facilitator refuses at verify credits nothing and is never settled', async () => {
  const { agent, start } = await uploadedJob();
  facilitator.mode = 'verify_fails';
  const settles = facilitator.count('settle');
  const res = await start({ 'PAYMENT-SIGNATURE': paymentHeader(10_000_000) });
  facilitator.mode = 'ok';
  assert.equal(res.status, 402, res.text);
  assert.equal(res.body.error.code, 'payment_invalid');
  assert.ok(res.body.accepts, 'the refusal repeats the requirements');
  assert.equal(facilitator.count('settle'), settles);
  assert.equal(await getBalanceMicro(stack.database.db, agent.agent_id), 0);
  assert.equal(await payments(agent.agent_id), 0);
});

test('a payment that fails to settle credits nothing and the job does not start', async () => {
  const { agent, job, start } = await uploadedJob();
  facilitator.mode = 'settle_fails';
  const res = await start({ 'X-PAYMENT': paymentHeader(10_000_000) });
  facilitator.mode = 'ok';
  assert.equal(res.status, 402, res.text);
  assert.equal(res.body.error.code, 'payment_failed');
  assert.equal(await getBalanceMicro(stack.database.db, agent.agent_id), 0);
  assert.equal(await payments(agent.agent_id), 0);
  const after = await stack.api.request('GET', `/api/v1/batch/enrich/${job.id}`, { bearer: agent.token });
  assert.equal(after.body.status, 'uploaded');
});

test('a facilitator that answers garbage at settle: 502 naming the payment, nothing credited', async () => {
  const { agent, start } = await uploadedJob();
  facilitator.mode = 'settle_broken';
  const res = await start({ 'PAYMENT-SIGNATURE': paymentHeader(10_000_000) });
  facilitator.mode = 'ok';
  assert.equal(res.status, 502, res.text);
  assert.equal(res.body.error.code, 'payment_unavailable');
  assert.match(res.body.error.payment_ref, /^x402:[0-9a-f]{64}$/);
  assert.equal(await payments(agent.agent_id), 0);
});

test('a payment below the shortfall is refused before the facilitator is asked', async () => {
  const { agent, start } = await uploadedJob();
  const verifies = facilitator.count('verify');
  const res = await start({ 'PAYMENT-SIGNATURE': paymentHeader(1_000_000) });
  assert.equal(res.status, 402);
  assert.equal(res.body.error.code, 'payment_invalid');
  assert.equal(facilitator.count('verify'), verifies);
  assert.equal(await payments(agent.agent_id), 0);
  const garbage = await start({ 'X-PAYMENT': 'not base64 json' });
  assert.equal(garbage.status, 400);
  assert.equal(garbage.body.error.code, 'invalid_payment');
});

test('a settled payment credits the shortfall once and starts the job; a replay credits nothing', async () => {
  const { agent, job, start } = await uploadedJob();
  await stack.api.credit(agent.agent_id, 4);
  const header = paymentHeader(6_000_000);
  const settles = facilitator.count('settle');
  const res = await start({ 'PAYMENT-SIGNATURE': header });
  assert.equal(res.status, 202, res.text);
  assert.equal(res.body.status, 'running');
  const settlement = JSON.parse(Buffer.from(res.headers.get('payment-response')!, 'base64').toString());
  assert.equal(settlement.success, true);
  assert.equal(facilitator.count('settle'), settles + 1);
  assert.equal(await payments(agent.agent_id), 1);

  const replay = await start({ 'PAYMENT-SIGNATURE': header });
  assert.equal(replay.status, 409, 'the job runs already; the replayed payment is not charged again');
  const done = await stack.api.waitForBatch(job.id, agent.token, (j) => j.status === 'completed');
  assert.equal(facilitator.count('settle'), settles + 1);
  assert.equal(await payments(agent.agent_id), 1);
  const balance = await getBalanceMicro(stack.database.db, agent.agent_id);
  assert.equal(balance, usdToMicro(10) - usdToMicro(done.spent_usd));
  assert.equal(await ledgerSumMicro(stack.database.db, agent.agent_id), balance);
});

test('POST /billing/topup: 402 with requirements, then the paid amount credited once even when replayed (v1 X-PAYMENT too)', async () => {
  const { api, database } = stack;
  const agent = await api.mintAgent();
  const ask = await api.request('POST', '/api/v1/billing/topup', { bearer: agent.token, json: { amount_usd: 5 } });
  assert.equal(ask.status, 402);
  assert.equal(ask.body.error.code, 'payment_required');
  assert.equal(ask.body.accepts[0].amount, '5000000');

  const wrongAmount = await api.request('POST', '/api/v1/billing/topup', { bearer: agent.token, json: { amount_usd: 5 }, headers: { 'PAYMENT-SIGNATURE': paymentHeader(4_000_000) } });
  assert.equal(wrongAmount.status, 402);

  const header = paymentHeader(5_000_000);
  const paid = await api.request('POST', '/api/v1/billing/topup', { bearer: agent.token, json: { amount_usd: 5 }, headers: { 'PAYMENT-SIGNATURE': header } });
  assert.equal(paid.status, 200, paid.text);
  assert.deepEqual([paid.body.balance_usd, paid.body.credited_usd, paid.body.replayed], [5, 5, false]);
  assert.ok(paid.headers.get('x-payment-response'));

  const replays = await Promise.all(
    Array.from({ length: 3 }, () => api.request('POST', '/api/v1/billing/topup', { bearer: agent.token, json: { amount_usd: 5 }, headers: { 'PAYMENT-SIGNATURE': header } })),
  );
  for (const replay of replays) assert.deepEqual([replay.status, replay.body.balance_usd, replay.body.replayed], [200, 5, true]);
  assert.equal(await getBalanceMicro(database.db, agent.agent_id), 5_000_000);
  assert.equal(await payments(agent.agent_id), 1);

  const thief = await api.mintAgent();
  const stolen = await api.request('POST', '/api/v1/billing/topup', { bearer: thief.token, json: { amount_usd: 5 }, headers: { 'PAYMENT-SIGNATURE': header } });
  assert.equal(stolen.status, 402, 'a payment credited to one agent never credits another');
  assert.equal(await getBalanceMicro(database.db, thief.agent_id), 0);

  const v1 = await api.request('POST', '/api/v1/billing/topup', { bearer: agent.token, json: { amount_usd: 2 }, headers: { 'X-PAYMENT': paymentHeader(2_000_000, { version: 1 }) } });
  assert.equal(v1.status, 200, v1.text);
  assert.equal(v1.body.balance_usd, 7);

  const ledger = await api.request('GET', '/api/v1/agents/me/ledger.csv', { bearer: agent.token });
  assert.equal(ledger.text.trim().split('\r\n').filter((line) => line.includes('x402_payment')).length, 2);
});
