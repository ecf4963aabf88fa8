import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { usdToMicro } from '@bej/db';
import { assertExactMoney, describeUnfinishedRows, finishedRows, leadsCsv, rowCounts } from '../support/batch-checks.ts';
import { startWorkerProcess, waitFor, type ServiceProcess } from '../support/service-process.ts';
import { startTestStack, type TestStack } from '../support/test-stack.ts';

// Short lease and sweep so four kills fit in one batch; the defaults are exercised by
// worker-crash-queue-loss.test.ts.
const ROWS = 400;
const KILLS = 4;
// A slow, narrow steady worker keeps the batch going long enough for four restarts of the victim.
const STEADY_ENV = { WORKER_CONCURRENCY: '2', ENRICH_SIMULATED_LATENCY_MS: '400', ROW_LEASE_MS: '2000' };
const VICTIM_ENV = { ...STEADY_ENV, WORKER_CONCURRENCY: '5' };

let stack: TestStack;
const workers: ServiceProcess[] = [];

before(async () => {
  stack = await startTestStack({ RECONCILE_INTERVAL_MS: '1000' }, { services: ['mapper', 'billing'] });
});
after(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await stack?.close();
});

test(`one worker killed -9 mid-row ${KILLS} times while another keeps running: every row done, none debited twice`, async (t) => {
  const { api, database, env } = stack;
  const db = database.db;
  const agent = await api.mintAgent();
  await api.credit(agent.agent_id, 100);
  const jobId: string = (await api.upload(leadsCsv(ROWS), { bearer: agent.token })).body.id;
  const spawn = async (settings = VICTIM_ENV) => {
    const worker = await startWorkerProcess(env, settings);
    workers.push(worker);
    return worker;
  };
  await spawn(STEADY_ENV);
  let victim = await spawn();
  const started = await api.request('POST', `/api/v1/batch/enrich/${jobId}/start`, { bearer: agent.token });
  assert.equal(started.status, 202, started.text);

  for (let kill = 1; kill <= KILLS; kill += 1) {
    // A few rows after each (re)start, so the victim is hunting when it dies.
    const threshold = (await finishedRows(db, jobId)) + 10;
    assert.ok(threshold < ROWS - 20, `the batch is still running at kill ${kill}`);
    await waitFor(`${threshold} rows finished`, async () => (await finishedRows(db, jobId)) >= threshold, 120_000);
    await waitFor('a row in flight', async () => ((await rowCounts(db, jobId)).running ?? 0) > 0, 30_000, 10).catch(async (err: Error) => {
      throw new Error(`${err.message}; rows: ${JSON.stringify(await rowCounts(db, jobId))}`);
    });
    victim.kill('SIGKILL');
    await victim.exited;
    victim = await spawn();
  }
  const lastKill = Date.now(); // the last victim was restarted; its start-up counts in the time below
  const job = await api.waitForBatch(jobId, agent.token, (j) => j.status === 'completed', 60_000, 100).catch(async (err: Error) => {
    const alive = workers.filter((w) => w.child.exitCode === null && w.child.signalCode === null);
    const errors = alive.map((w) => w.tail(100_000).split('\n').filter((l) => /"level":"(error|warn)"/.test(l)).slice(-5).join('\n'));
    throw new Error(`${err.message}; unfinished: ${await describeUnfinishedRows(db, jobId)}; live workers: ${alive.length}; their warnings: ${errors.join('\n')}`);
  });
  t.diagnostic(`completed ${Date.now() - lastKill} ms after the last kill`);
  assert.equal(job.counts.matched + job.counts.empty + job.counts.invalid, ROWS);
  assert.equal(job.counts.failed, 0);
  const money = await assertExactMoney(db, jobId, agent.agent_id, usdToMicro(100), usdToMicro(0.25));
  const retaken = await db.execute<{ n: number }>(sql`select count(*)::int as n from batch_enrich_row where job_id = ${jobId} and attempts > 1`);
  assert.ok(retaken.rows[0]!.n > 0, 'the kills hit rows in flight');
  t.diagnostic(`rows hunted more than once: ${retaken.rows[0]!.n}; double charges: ${money.doubleCharges}`);
});
