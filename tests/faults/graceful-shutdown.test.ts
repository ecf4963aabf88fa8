import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { usdToMicro } from '@bej/db';
import { assertExactMoney, leadsCsv, rowCounts } from '../support/batch-checks.ts';
import { ServiceProcess, startWorkerProcess, waitFor } from '../support/service-process.ts';
import { startTestStack, type TestStack } from '../support/test-stack.ts';

let stack: TestStack;
const processes: ServiceProcess[] = [];

before(async () => {
  stack = await startTestStack({}, { services: [] });
});
after(async () => {
  await Promise.all(processes.map((p) => p.stop()));
  await stack?.close();
});

async function spawnWorker(overrides: Record<string, string>): Promise<ServiceProcess> {
  const worker = await startWorkerProcess(stack.env, overrides);
  processes.push(worker);
  return worker;
}

async function startedJob(rows: number) {
  const agent = await stack.api.mintAgent();
  await stack.api.credit(agent.agent_id, 50);
  const upload = await stack.api.upload(leadsCsv(rows), { bearer: agent.token });
  const started = await stack.api.request('POST', `/api/v1/batch/enrich/${upload.body.id}/start`, { bearer: agent.token });
  assert.equal(started.status, 202, started.text);
  return { agent, jobId: upload.body.id as string };
}

for (const name of ['upload-api', 'mapper', 'billing'] as const) {
  test(`${name} stops on SIGTERM: closes its connections and exits 0`, async () => {
    const env = { DATABASE_URL: stack.env.DATABASE_URL!, REDIS_URL: stack.env.REDIS_URL!, QUEUE_PREFIX: stack.prefix, PORT: '0' };
    const service = new ServiceProcess(name, env);
    processes.push(service);
    await service.ready;
    service.kill('SIGTERM');
    const exit = await service.exited;
    assert.deepEqual(exit, { code: 0, signal: null }, service.tail());
    assert.match(service.tail(), /shutting down/);
    assert.doesNotMatch(service.tail(), /shutdown step failed|deadline passed/);
  });
}

test('enrich-worker on SIGTERM takes no new rows, finishes the ones in flight within the grace, exits 0', async () => {
  const { agent, jobId } = await startedJob(40);
  const worker = await spawnWorker({ WORKER_CONCURRENCY: '4', ENRICH_SIMULATED_LATENCY_MS: '400', SHUTDOWN_GRACE_MS: '10000' });
  await waitFor('rows in flight', async () => ((await rowCounts(stack.database.db, jobId)).running ?? 0) > 0, 30_000, 20);
  worker.kill('SIGTERM');
  assert.deepEqual(await worker.exited, { code: 0, signal: null }, worker.tail());
  const counts = await rowCounts(stack.database.db, jobId);
  assert.equal(counts.running ?? 0, 0, 'nothing left in flight');
  assert.ok((counts.done ?? 0) > 0 && (counts.queued ?? 0) > 0, `finished what it had, left the rest queued: ${JSON.stringify(counts)}`);
  assert.doesNotMatch(worker.tail(), /releasing in-flight rows/);

  const finisher = await spawnWorker({ WORKER_CONCURRENCY: '8' });
  await stack.api.waitForBatch(jobId, agent.token, (j) => j.status === 'completed', 60_000);
  await assertExactMoney(stack.database.db, jobId, agent.agent_id, usdToMicro(50), usdToMicro(0.25));
  await finisher.stop();
});

test('enrich-worker on SIGTERM releases rows still hunting when the grace runs out; another worker finishes them, charged once', async () => {
  const { agent, jobId } = await startedJob(20);
  const worker = await spawnWorker({ WORKER_CONCURRENCY: '4', ENRICH_SIMULATED_LATENCY_MS: '60000', SHUTDOWN_GRACE_MS: '300' });
  await waitFor('4 rows in flight', async () => ((await rowCounts(stack.database.db, jobId)).running ?? 0) === 4, 30_000, 20);
  worker.kill('SIGTERM');
  assert.deepEqual(await worker.exited, { code: 0, signal: null }, worker.tail());
  assert.match(worker.tail(), /releasing in-flight rows/);
  const counts = await rowCounts(stack.database.db, jobId);
  assert.equal(counts.running ?? 0, 0, `released, not left running: ${JSON.stringify(counts)}`);
  assert.equal(counts.done ?? 0, 0);

  const finisher = await spawnWorker({ WORKER_CONCURRENCY: '8' });
  await stack.api.waitForBatch(jobId, agent.token, (j) => j.status === 'completed', 60_000);
  await assertExactMoney(stack.database.db, jobId, agent.agent_id, usdToMicro(50), usdToMicro(0.25));
  await finisher.stop();
});
