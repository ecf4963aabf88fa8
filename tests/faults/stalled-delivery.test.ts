import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Queue } from 'bullmq';
import { usdToMicro } from '@bej/db';
import { assertExactMoney, leadsCsv, rowCounts } from '../support/batch-checks.ts';
import { startWorkerProcess, waitFor, type ServiceProcess } from '../support/service-process.ts';
import { startTestStack, type TestStack } from '../support/test-stack.ts';

// The reconciler sweeps once at start-up and then not for an hour: recovery here is BullMQ's
// own stalled-job check, with the row's lease taken back by the same delivery id.
let stack: TestStack;
const workers: ServiceProcess[] = [];

before(async () => {
  stack = await startTestStack({ RECONCILE_INTERVAL_MS: '3600000' }, { services: ['mapper', 'billing'] });
});
after(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await stack?.close();
});

test('deliveries of a worker killed -9 are found stalled and finished by another worker; no completed job is kept in Redis', async () => {
  const { api, env, database } = stack;
  const agent = await api.mintAgent();
  await api.credit(agent.agent_id, 50);
  const upload = await api.upload(leadsCsv(80), { bearer: agent.token });
  const jobId: string = upload.body.id;
  const settings = { WORKER_CONCURRENCY: '4', ENRICH_SIMULATED_LATENCY_MS: '300', WORKER_LOCK_MS: '2000', ROW_LEASE_MS: '60000' };
  const doomed = await startWorkerProcess(env, settings);
  workers.push(doomed);
  const started = await api.request('POST', `/api/v1/batch/enrich/${jobId}/start`, { bearer: agent.token });
  assert.equal(started.status, 202, started.text);
  await waitFor('4 rows in flight', async () => ((await rowCounts(database.db, jobId)).running ?? 0) === 4, 30_000, 10);
  doomed.kill('SIGKILL');
  await doomed.exited;
  workers.push(await startWorkerProcess(env, settings));

  const job = await api.waitForBatch(jobId, agent.token, (j) => j.status === 'completed', 60_000);
  assert.equal(job.counts.failed, 0);
  await assertExactMoney(database.db, jobId, agent.agent_id, usdToMicro(50), usdToMicro(0.25));
  const connection = stack.redis.duplicate();
  const queue = new Queue('batch-enrich-rows', { connection, prefix: stack.prefix });
  try {
    assert.equal(await queue.getCompletedCount(), 0, 'completed deliveries are removed');
    assert.equal(await queue.getFailedCount(), 0);
  } finally {
    await queue.close();
    await connection.quit();
  }
});
