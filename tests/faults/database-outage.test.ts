import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { createDb, usdToMicro, type DbHandle } from '@bej/db';
import { assertExactMoney, finishedRows, leadsCsv } from '../support/batch-checks.ts';
import { startWorkerProcess, waitFor, type ServiceProcess } from '../support/service-process.ts';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.ts';
import { startTestStack, type TestStack } from '../support/test-stack.ts';

// Every service reaches PostgreSQL through a proxy the test cuts, as during a server restart;
// the checks read the database directly.
const OUTAGE_MS = 8_000;
const ROWS = 120;

let proxy: TcpProxy;
let stack: TestStack;
let direct: DbHandle;
let worker: ServiceProcess | undefined;

before(async () => {
  proxy = await startTcpProxy({ host: '127.0.0.1', port: 5432 });
  const name = `bej_test_pgcut_${randomBytes(5).toString('hex')}`;
  stack = await startTestStack({ DATABASE_URL: `postgresql://postgres@127.0.0.1:${proxy.port}/${name}` }, { services: ['mapper', 'billing'] });
  direct = createDb(`postgresql://postgres@127.0.0.1:5432/${name}`, { max: 2 });
});
after(async () => {
  await worker?.stop();
  proxy?.restore();
  await direct?.close();
  await stack?.close();
  await proxy?.close();
});

test('PostgreSQL cut mid-batch: the API answers 503 meanwhile, workers wait and go on, nothing lost or charged twice', async (t) => {
  const { api, env } = stack;
  const agent = await api.mintAgent();
  await api.credit(agent.agent_id, 100);
  const upload = await api.upload(leadsCsv(ROWS), { bearer: agent.token });
  const jobId: string = upload.body.id;
  worker = await startWorkerProcess(env, { WORKER_CONCURRENCY: '5', ENRICH_SIMULATED_LATENCY_MS: '100' });
  const started = await api.request('POST', `/api/v1/batch/enrich/${jobId}/start`, { bearer: agent.token });
  assert.equal(started.status, 202, started.text);
  await waitFor('30 rows finished', async () => (await finishedRows(direct.db, jobId)) >= 30);

  proxy.cut();
  const cutAt = Date.now();
  let unavailable = 0;
  while (Date.now() - cutAt < OUTAGE_MS) {
    const res = await api.request('GET', `/api/v1/batch/enrich/${jobId}`, { bearer: agent.token });
    assert.equal(res.status, 503, `while PostgreSQL is cut: ${res.text}`);
    assert.equal(res.body.error.code, 'service_unavailable');
    assert.match(res.body.error.message, /database is unreachable/);
    assert.equal(res.headers.get('retry-after'), '5');
    unavailable += 1;
    await new Promise((r) => setTimeout(r, 250));
  }
  const doneDuringOutage = await finishedRows(direct.db, jobId);
  proxy.restore();
  const restoredAt = Date.now();

  const back = await waitFor('the API answering again', async () => {
    const res = await api.request('GET', `/api/v1/batch/enrich/${jobId}`, { bearer: agent.token });
    return res.status === 200 ? res : undefined;
  });
  assert.equal(back.body.id, jobId);
  const job = await api.waitForBatch(jobId, agent.token, (j) => j.status === 'completed', 60_000, 100);
  t.diagnostic(`${unavailable} requests answered 503 during the ${OUTAGE_MS} ms cut; ${doneDuringOutage} rows were done at its end;` +
    ` the batch completed ${Date.now() - restoredAt} ms after PostgreSQL came back`);
  assert.equal(job.counts.matched + job.counts.empty + job.counts.invalid, ROWS);
  assert.equal(job.counts.failed, 0, 'no row failed because of the outage');
  await assertExactMoney(direct.db, jobId, agent.agent_id, usdToMicro(100), usdToMicro(0.25));
  assert.equal(worker.child.exitCode, null, 'the worker process rode the outage out');
  assert.match(worker.tail(200_000), /database unreachable, backing off/);
});
