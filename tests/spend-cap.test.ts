import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { getBalanceMicro, ledgerSumMicro, usdToMicro } from '@bej/db';
import { createLogger } from '@bej/logger';
import { startEnrichWorker } from '../services/enrich-worker/src/enrich-worker.service.ts';
import { loadEnrichWorkerEnv } from '../services/enrich-worker/src/env.ts';
import { alwaysMatchProvider, readCsvObjects, sumMicro } from './support/money.ts';
import { startTestStack, type TestStack } from './support/test-stack.ts';

// 200 leads: rows 5 and 6 have neither a company nor an address (invalid), rows past the
// row_limit of 180 are skipped: 178 rows to enrich.
const ROWS = 200;
const LIMIT = 180;
const INVALID = new Set([5, 6]);
const CSV = ['company,city,state,zip', ...Array.from({ length: ROWS }, (_, i) => (INVALID.has(i) ? ',Pittsburgh,,' : `Cap Test Company ${i},Pittsburgh,PA,15213`))].join('\n');
const TO_ENRICH = LIMIT - INVALID.size;

let stack: TestStack;
let secondWorker: Awaited<ReturnType<typeof startEnrichWorker>>;
const firstProvider = alwaysMatchProvider();
const secondProvider = alwaysMatchProvider();
before(async () => {
  // Two worker instances with their own pools and Redis connections, 50 rows each at once, on one database and prefix.
  const env = { WORKER_CONCURRENCY: '50', WORKER_DB_POOL_MAX: '8', BATCH_ENRICH_MIN_BALANCE_USD: '1', BATCH_ENRICH_ROW_PRICE_USD: '0.25' };
  stack = await startTestStack(env, { provider: firstProvider });
  secondWorker = await startEnrichWorker(loadEnrichWorkerEnv(stack.env), createLogger('enrich-worker-2', 'error'), secondProvider);
});
after(async () => {
  if (secondWorker) for (const step of secondWorker.steps) await step.run();
  await stack?.close();
});

async function ledgerCsv(path: string, bearer: string) {
  const res = await stack.api.request('GET', path, { bearer });
  assert.equal(res.status, 200, res.text);
  assert.match(res.headers.get('content-type') ?? '', /text\/csv/);
  return { text: res.text, rows: readCsvObjects(res.text) };
}

test('the quote counts rows to enrich, invalid and skipped rows, and bounds the cost by the cap', async () => {
  const { api } = stack;
  const anonymous = await api.upload(CSV, { fields: { row_limit: String(LIMIT) } });
  assert.equal(anonymous.status, 201, anonymous.text);
  const quote = await api.request('GET', `/api/v1/batch/enrich/${anonymous.body.id}/quote`, { batch: anonymous.body.upload_token });
  assert.equal(quote.status, 200, quote.text);
  assert.equal(quote.body.rows_to_enrich, TO_ENRICH);
  assert.equal(quote.body.invalid_rows, INVALID.size);
  assert.equal(quote.body.skipped_rows, ROWS - LIMIT);
  assert.equal(quote.body.price_usd, 0.25);
  assert.equal(quote.body.max_cost_usd, TO_ENRICH * 0.25);
  assert.equal(quote.body.balance_usd, undefined, 'an upload token never sees a balance');
  assert.equal(quote.body.rows_to_enrich, anonymous.body.counts.pending, 'the quote agrees with the job counts');

  const stranger = await api.mintAgent();
  const hidden = await api.request('GET', `/api/v1/batch/enrich/${anonymous.body.id}/quote`, { bearer: stranger.token });
  assert.equal(hidden.status, 404);

  const capped = await api.upload(CSV, { bearer: stranger.token, fields: { row_limit: String(LIMIT), max_spend_usd: '5.10' } });
  assert.equal(capped.status, 201, capped.text);
  assert.equal(capped.body.max_spend_usd, 5.1);
  const cappedQuote = await api.request('GET', `/api/v1/batch/enrich/${capped.body.id}/quote`, { bearer: stranger.token });
  assert.equal(cappedQuote.body.max_cost_usd, 5, 'a 5.10 USD cap pays 20 rows of 0.25');
  assert.equal(cappedQuote.body.max_spend_usd, 5.1);
  assert.equal(cappedQuote.body.balance_usd, 0);

  const bad = await api.upload(CSV, { bearer: stranger.token, fields: { max_spend_usd: '-3' } });
  assert.equal(bad.status, 400);
});

test('two workers at concurrency 50 never spend past the cap; resume with a higher cap continues; ledgers sum', async () => {
  const { api, database } = stack;
  const agent = await api.mintAgent();
  await api.credit(agent.agent_id, 100);
  const job = (await api.upload(CSV, { bearer: agent.token, fields: { row_limit: String(LIMIT), max_spend_usd: '5' } })).body;
  const started = await api.request('POST', `/api/v1/batch/enrich/${job.id}/start`, { bearer: agent.token });
  assert.equal(started.status, 202, started.text);

  const paused = await api.waitForBatch(job.id, agent.token, (j) => j.status === 'paused' && j.counts.queued === 0 && j.counts.running === 0);
  assert.equal(paused.paused_reason, 'spend_cap');
  assert.equal(paused.spent_usd, 5, 'exactly the cap: 20 rows of 0.25, never a 21st');
  assert.equal(paused.counts.matched, 20);
  assert.equal(paused.counts.pending, TO_ENRICH - 20);
  assert.equal(await getBalanceMicro(database.db, agent.agent_id), usdToMicro(95));
  const debits = await database.db.execute<{ n: number }>(sql`select count(*)::int as n from ledger_entries where job_id = ${job.id} and kind = 'row_debit'`);
  assert.equal(debits.rows[0]!.n, 20);

  const sameCap = await api.request('POST', `/api/v1/batch/enrich/${job.id}/resume`, { bearer: agent.token });
  assert.equal(sameCap.status, 409);
  assert.equal(sameCap.body.error.code, 'spend_cap_reached');
  const lower = await api.request('POST', `/api/v1/batch/enrich/${job.id}/resume`, { bearer: agent.token, json: { max_spend_usd: 4 } });
  assert.equal(lower.status, 409);

  const raised = await api.request('POST', `/api/v1/batch/enrich/${job.id}/resume`, { bearer: agent.token, json: { max_spend_usd: 10 } });
  assert.equal(raised.status, 202, raised.text);
  assert.equal(raised.body.max_spend_usd, 10);
  const pausedAgain = await api.waitForBatch(job.id, agent.token, (j) => j.status === 'paused' && j.counts.queued === 0 && j.counts.running === 0);
  assert.equal(pausedAgain.paused_reason, 'spend_cap');
  assert.equal(pausedAgain.spent_usd, 10);

  const jobLedger = await ledgerCsv(`/api/v1/batch/enrich/${job.id}/ledger.csv`, agent.token);
  assert.equal(jobLedger.text.split('\r\n')[0], 'at,row_index,kind,amount_usd,balance_after_usd,reason');
  assert.equal(sumMicro(jobLedger.rows, 'amount_usd'), usdToMicro(10), 'the job ledger sums to its spend');
  assert.equal(jobLedger.rows.length, 40);

  const lifted = await api.request('POST', `/api/v1/batch/enrich/${job.id}/resume`, { bearer: agent.token, json: { max_spend_usd: 1000 } });
  assert.equal(lifted.status, 202, lifted.text);
  const done = await api.waitForBatch(job.id, agent.token, (j) => j.status === 'completed');
  assert.ok(firstProvider.hunts > 0 && secondProvider.hunts > 0, `both workers hunted (${firstProvider.hunts} and ${secondProvider.hunts})`);
  assert.equal(done.spent_usd, TO_ENRICH * 0.25);
  assert.equal(done.counts.matched, TO_ENRICH);

  const finalJobLedger = await ledgerCsv(`/api/v1/batch/enrich/${job.id}/ledger.csv`, agent.token);
  assert.equal(sumMicro(finalJobLedger.rows, 'amount_usd'), usdToMicro(done.spent_usd));
  assert.ok(finalJobLedger.rows.every((r) => r.kind === 'row_debit' && r.row_index !== ''));
  const balance = await getBalanceMicro(database.db, agent.agent_id);
  assert.equal(balance, usdToMicro(100 - TO_ENRICH * 0.25));
  const last = finalJobLedger.rows.at(-1)!;
  assert.ok(Number(last.balance_after_usd) >= 0);

  const agentLedger = await ledgerCsv('/api/v1/agents/me/ledger.csv', agent.token);
  assert.equal(agentLedger.text.split('\r\n')[0], 'at,job_id,row_index,kind,amount_usd,balance_after_usd,reason');
  assert.equal(agentLedger.rows[0]!.kind, 'admin_credit');
  assert.equal(agentLedger.rows[0]!.amount_usd, '100');
  assert.equal(sumMicro(agentLedger.rows, 'amount_usd'), balance, 'the agent ledger sums to the balance');
  assert.equal(await ledgerSumMicro(database.db, agent.agent_id), balance);

  const other = await api.mintAgent();
  const notYours = await api.request('GET', `/api/v1/batch/enrich/${job.id}/ledger.csv`, { bearer: other.token });
  assert.equal(notYours.status, 404);
});

test('without X402_PAY_TO the 402 carries the JSON error alone and top-ups are not offered', async () => {
  const { api } = stack;
  const agent = await api.mintAgent();
  const job = (await api.upload(CSV, { bearer: agent.token })).body;
  const res = await api.request('POST', `/api/v1/batch/enrich/${job.id}/start`, { bearer: agent.token });
  assert.equal(res.status, 402);
  assert.equal(res.body.error.code, 'insufficient_balance');
  assert.equal(res.body.x402Version, undefined);
  assert.equal(res.body.accepts, undefined);
  assert.equal(res.headers.get('payment-required'), null);
  const topup = await api.request('POST', '/api/v1/billing/topup', { bearer: agent.token, json: { amount_usd: 5 } });
  assert.equal(topup.status, 404);
  assert.equal(topup.body.error.code, 'payments_disabled');
  const withHeader = await api.request('POST', `/api/v1/batch/enrich/${job.id}/start`, { bearer: agent.token, headers: { 'X-PAYMENT': 'eyJ4In0=' } });
  assert.equal(withHeader.status, 402, 'a payment header changes nothing while x402 is off');
  assert.equal(withHeader.body.accepts, undefined);
});
