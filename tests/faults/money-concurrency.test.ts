import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { getBalanceMicro, ledgerSumMicro, usdToMicro } from '@bej/db';
import { assertExactMoney } from '../support/batch-checks.ts';
import { startWorkerProcess, type ServiceProcess } from '../support/service-process.ts';
import { repoRoot, startTestStack, type TestStack } from '../support/test-stack.ts';

const ROWS = 150;
const PAID = 47;
const PRICE = 0.25;

let stack: TestStack;
const workers: ServiceProcess[] = [];

before(async () => {
  stack = await startTestStack({ BATCH_ENRICH_MIN_BALANCE_USD: '0', BATCH_ENRICH_ROW_PRICE_USD: String(PRICE) }, { services: ['mapper', 'billing'] });
});
after(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await stack?.close();
});

/** Rows written from the directory's own records, so every one of them matches (and costs). */
function matchingCsv(rows: number): string {
  const records = readFileSync(`${repoRoot}examples/directory.jsonl`, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
  const usable = records.filter((r) => r.street && r.city && r.phones?.length);
  const quote = (v: unknown) => `"${String(v ?? '').replaceAll('"', '""')}"`;
  const lines = Array.from({ length: rows }, (_, i) => {
    const r = usable[i % usable.length];
    return [r.company, r.street, r.city, r.state, r.zip, r.phones[0].number].map(quote).join(',');
  });
  return ['Company,Address,City,State,Zip,Phone', ...lines].join('\n');
}

async function debits(jobId: string): Promise<number> {
  const result = await stack.database.db.execute<{ n: number }>(
    sql`select count(*)::int as n from ledger_entries where job_id = ${jobId} and kind = 'row_debit'`,
  );
  return result.rows[0]!.n;
}

test(`three worker processes at concurrency 20 against a balance for exactly ${PAID} rows: ${PAID} debits, pause at zero, resume finishes the rest`, async () => {
  const { api, database, env } = stack;
  const agent = await api.mintAgent();
  await api.credit(agent.agent_id, PAID * PRICE);
  // Rows repeat directory records: without dedupe=false the resume would reuse earlier matches free.
  const upload = await api.upload(matchingCsv(ROWS), { bearer: agent.token, fields: { dedupe: 'false' } });
  assert.equal(upload.status, 201, upload.text);
  const jobId: string = upload.body.id;
  for (let i = 0; i < 3; i += 1) workers.push(await startWorkerProcess(env, { WORKER_CONCURRENCY: '20', ENRICH_SIMULATED_LATENCY_MS: '20' }));

  const started = await api.request('POST', `/api/v1/batch/enrich/${jobId}/start`, { bearer: agent.token });
  assert.equal(started.status, 202, started.text);
  const paused = await api.waitForBatch(jobId, agent.token, (j) => j.status === 'paused' && j.counts.queued === 0 && j.counts.running === 0, 60_000);
  assert.equal(paused.paused_reason, 'insufficient_balance');
  assert.equal(await debits(jobId), PAID, 'exactly as many debits as the balance covered');
  assert.equal(paused.counts.matched, PAID);
  assert.equal(paused.counts.empty, 0, 'every row of this file matches');
  assert.equal(paused.counts.pending, ROWS - PAID);
  assert.equal(await getBalanceMicro(database.db, agent.agent_id), 0);
  assert.equal(await ledgerSumMicro(database.db, agent.agent_id), 0);

  await api.credit(agent.agent_id, (ROWS - PAID) * PRICE);
  const resumed = await api.request('POST', `/api/v1/batch/enrich/${jobId}/resume`, { bearer: agent.token });
  assert.equal(resumed.status, 202, resumed.text);
  const done = await api.waitForBatch(jobId, agent.token, (j) => j.status === 'completed', 60_000);
  assert.equal(done.counts.matched, ROWS);
  assert.equal(await debits(jobId), ROWS);
  const money = await assertExactMoney(database.db, jobId, agent.agent_id, usdToMicro(ROWS * PRICE), usdToMicro(PRICE));
  assert.equal(money.balance, 0);
});
