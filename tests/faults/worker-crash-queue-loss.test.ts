import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { usdToMicro } from '@bej/db';
import { assertExactMoney, finishedRows, leadsCsv, rowCounts } from '../support/batch-checks.ts';
import { startWorkerProcess, waitFor, type ServiceProcess } from '../support/service-process.ts';
import { deleteKeysWithPrefix } from '../../packages/queue/src/test-support/redis-keys.ts';
import { startTestStack, type TestStack } from '../support/test-stack.ts';

// The outside fault run of README "Faults and recovery", with the services' default lease and reconcile settings.
const ROWS = 400;
const WORKER_ENV = { WORKER_CONCURRENCY: '5', ENRICH_SIMULATED_LATENCY_MS: '150' };

let stack: TestStack;
const workers: ServiceProcess[] = [];

before(async () => {
  stack = await startTestStack({}, { services: ['mapper', 'billing'] });
});
after(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await stack?.close();
});

test('400 rows, two workers each killed -9 mid-row and restarted, then the queue keys dropped: every row done, no double charge', async (t) => {
  const { api, database, env } = stack;
  const db = database.db;
  const agent = await api.mintAgent();
  await api.credit(agent.agent_id, 150);
  const upload = await api.upload(leadsCsv(ROWS), { bearer: agent.token });
  assert.equal(upload.status, 201, upload.text);
  const jobId: string = upload.body.id;

  const spawn = () => {
    const worker = startWorkerProcess(env, WORKER_ENV);
    void worker.then((w) => workers.push(w), () => undefined);
    return worker;
  };
  let a = await spawn();
  let b = await spawn();
  const started = await api.request('POST', `/api/v1/batch/enrich/${jobId}/start`, { bearer: agent.token });
  assert.equal(started.status, 202, started.text);

  const inFlight = async () => ((await rowCounts(db, jobId)).running ?? 0) > 0;
  const killMidRow = async (worker: ServiceProcess, afterDone: number) => {
    await waitFor(`${afterDone} rows finished`, async () => (await finishedRows(db, jobId)) >= afterDone, 120_000);
    await waitFor('a row in flight', inFlight, 30_000, 10);
    worker.kill('SIGKILL');
    assert.equal((await worker.exited).signal, 'SIGKILL');
  };

  // Each replacement starts while the batch goes on; the keys are dropped without waiting for it.
  await killMidRow(a, 20);
  const aAgain = spawn();
  await killMidRow(b, 60);
  const bAgain = spawn();
  await waitFor('100 rows finished', async () => (await finishedRows(db, jobId)) >= 100, 120_000);
  await deleteKeysWithPrefix(stack.redis, stack.prefix);
  const lastFault = Date.now();
  const doneAtFault = await finishedRows(db, jobId);
  assert.ok(doneAtFault < ROWS - 20, 'the keys were dropped mid-batch');
  [a, b] = await Promise.all([aAgain, bAgain]);

  const job = await api.waitForBatch(jobId, agent.token, (j) => j.status === 'completed', 60_000, 100);
  const recoveredMs = Date.now() - lastFault;
  t.diagnostic(`completed ${recoveredMs} ms after the last fault (${ROWS - doneAtFault} rows were left when the keys were dropped)`);

  // examples/leads.csv has 2 invalid lines in 40: 380 rows are hunted, 20 stay invalid.
  assert.equal(job.counts.invalid, 20);
  assert.equal(job.counts.matched + job.counts.empty, ROWS - 20, 'every valid row done');
  assert.equal(job.counts.failed + job.counts.pending + job.counts.queued + job.counts.running, 0);
  const money = await assertExactMoney(db, jobId, agent.agent_id, usdToMicro(150), usdToMicro(0.25));
  assert.equal(money.matched, job.counts.matched);
  const retaken = await db.execute<{ n: number }>(sql`select count(*)::int as n from batch_enrich_row where job_id = ${jobId} and attempts > 1`);
  assert.ok(retaken.rows[0]!.n > 0, 'some rows were hunted again after a kill (the kills hit rows in flight)');
  t.diagnostic(`rows hunted more than once: ${retaken.rows[0]!.n}; double charges: ${money.doubleCharges}`);
});
