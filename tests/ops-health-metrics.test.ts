import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { createDb, dropDatabase, ensureDatabase } from '@bej/db';
import { createLogger } from '@bej/logger';
import { checkReadiness, startHealthServer } from '@bej/ops';
import { QueueClient, createRedis, queueNames } from '@bej/queue';
import { appDepsFrom, createApp } from '../services/upload-api/src/app.ts';
import { loadUploadApiEnv } from '../services/upload-api/src/env.ts';
import { ADMIN_TOKEN, ApiClient, repoRoot, startTestStack, type TestStack } from './support/test-stack.ts';

const LEADS = readFileSync(`${repoRoot}examples/leads.csv`);
const quiet = createLogger('test', 'error');

let stack: TestStack;
before(async () => {
  stack = await startTestStack({ WORKER_CONCURRENCY: '4' });
});
after(async () => {
  await stack?.close();
});

/** The value of one sample line, e.g. `bej_jobs{status="paused"}`; undefined when absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

/** A database of our own with nothing migrated, removed by the caller. */
async function emptyDatabase() {
  const url = `postgresql://postgres@127.0.0.1:5432/bej_test_unmigrated_${randomBytes(4).toString('hex')}`;
  await ensureDatabase(url);
  return { url, handle: createDb(url, { max: 1 }) };
}

test('upload-api: /healthz, and /readyz names PostgreSQL, migrations and Redis', async () => {
  const health = await stack.api.request('GET', '/healthz');
  assert.equal(health.status, 200);
  const ready = await stack.api.request('GET', '/readyz');
  assert.equal(ready.status, 200, ready.text);
  assert.deepEqual(ready.body.checks, { postgres: { ok: true }, migrations: { ok: true }, redis: { ok: true } });
  assert.equal(ready.body.ready, true);
});

test('a request id is echoed, generated when absent or unsafe, and in every error body', async () => {
  const { api } = stack;
  const given = await api.request('GET', '/api/v1/no-such-endpoint', { headers: { 'x-request-id': 'trace-42.a' } });
  assert.equal(given.status, 404);
  assert.equal(given.headers.get('x-request-id'), 'trace-42.a');
  assert.equal(given.body.error.request_id, 'trace-42.a');

  const fresh = await api.request('GET', '/api/v1/agents/me');
  assert.equal(fresh.status, 401);
  const id = fresh.headers.get('x-request-id');
  assert.match(id ?? '', /^[0-9a-f-]{36}$/);
  assert.equal(fresh.body.error.request_id, id);

  const unsafe = await api.request('GET', '/api/v1/agents/me', { headers: { 'x-request-id': 'a b<script>' } });
  assert.notEqual(unsafe.headers.get('x-request-id'), 'a b<script>');
  assert.equal(unsafe.body.error.request_id, unsafe.headers.get('x-request-id'));

  const badJson = await api.request('POST', '/api/v1/admin/agents/x/credit', {
    headers: { 'x-admin-token': ADMIN_TOKEN, 'content-type': 'application/json', 'x-request-id': 'json-1' },
  });
  const parseError = await fetch(`${api.base}/api/v1/admin/agents/x/credit`, {
    method: 'POST',
    headers: { 'x-admin-token': ADMIN_TOKEN, 'content-type': 'application/json', 'x-request-id': 'json-2' },
    body: '{not json',
  });
  assert.equal(parseError.status, 400);
  assert.equal(((await parseError.json()) as { error: { request_id: string } }).error.request_id, 'json-2');
  assert.ok(badJson.status >= 400);
  assert.equal(badJson.body.error.request_id, 'json-1');
});

test('/metrics after a whole batch: rows, hunts, queues, uploads, jobs, ledger, HTTP by route; no ids, tokens or lead data', async () => {
  const { api } = stack;
  const agent = await api.mintAgent();
  await api.credit(agent.agent_id, 20);
  const uploaded = await api.upload(LEADS, { bearer: agent.token });
  assert.equal(uploaded.status, 201, uploaded.text);
  const jobId = uploaded.body.id as string;
  assert.equal((await api.request('POST', `/api/v1/batch/enrich/${jobId}/start`, { bearer: agent.token })).status, 202);
  await api.waitForBatch(jobId, agent.token, (job) => job.status === 'completed', 60_000);

  const res = await api.request('GET', '/metrics');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /text\/plain/);
  const text = res.text;
  // The sample has 29 directory matches and 9 misses among 38 valid rows.
  assert.ok((sample(text, 'bej_rows_total{outcome="matched"}') ?? 0) >= 29, 'rows by outcome');
  assert.ok((sample(text, 'bej_rows_total{outcome="empty"}') ?? 0) >= 9);
  assert.ok((sample(text, 'bej_hunt_duration_seconds_count{provider="directory",result="matched"}') ?? 0) >= 29, 'hunt latency histogram');
  assert.ok(text.includes('bej_hunt_duration_seconds_bucket{le="0.05",provider="directory",result="matched"}'));
  assert.ok((sample(text, 'bej_uploads_total{mapping_source="fast_path"}') ?? 0) >= 1, 'uploads by mapping source');
  for (const queue of ['batch-enrich-rows', 'batch-enrich-billing', 'batch-enrich-mapping']) {
    assert.notEqual(sample(text, `bej_queue_jobs{queue="${queue}",state="waiting"}`), undefined, `depth of ${queue}`);
    assert.notEqual(sample(text, `bej_queue_oldest_waiting_seconds{queue="${queue}"}`), undefined, `age of ${queue}`);
  }
  assert.equal(sample(text, 'bej_jobs{status="completed"}'), 1);
  assert.equal(sample(text, 'bej_jobs{status="paused"}'), 0, 'paused jobs');
  assert.equal(sample(text, 'bej_ledger_entries_usd{kind="admin_credit"}'), 20);
  assert.equal(sample(text, 'bej_ledger_entries_usd{kind="row_debit"}'), 38 * 0.25);
  assert.equal(sample(text, 'bej_ledger_entries_usd{kind="row_refund"}'), 9 * 0.25);
  assert.equal(sample(text, 'bej_metrics_source_up{source="postgres"}'), 1);
  assert.ok((sample(text, 'bej_http_request_duration_seconds_count{method="GET",route="/api/v1/batch/enrich/:id",status_code="200"}') ?? 0) >= 1);
  assert.ok(text.includes('route="/api/v1/batch/enrich/upload"'));
  assert.ok(text.includes('# TYPE bej_llm_calls_total counter') && text.includes('# TYPE bej_llm_tokens_total counter'));
  assert.ok((sample(text, 'bej_process_resident_memory_bytes') ?? 0) > 0, 'default process metrics');
  assert.ok(text.includes('bej_nodejs_eventloop_lag_seconds'));

  for (const secret of [jobId, agent.token, agent.agent_id, uploaded.body.upload_token].filter(Boolean)) {
    assert.ok(!text.includes(secret), 'an id or a token leaked into the metrics');
  }
  for (const value of ['Haney', 'Pittsburgh', '555-0101', 'Dana']) assert.ok(!text.includes(value), `lead data "${value}" in the metrics`);
});

test('readiness fails on pending migrations and on an unreachable Redis, naming which', async () => {
  const { url, handle } = await emptyDatabase();
  const deadRedis = createRedis('redis://127.0.0.1:1', 'producer');
  deadRedis.on('error', () => undefined); // connection refused is what this test wants
  try {
    const pending = await checkReadiness({ db: handle.db, redis: stack.redis });
    assert.equal(pending.ready, false);
    assert.deepEqual(pending.checks.postgres, { ok: true });
    assert.equal(pending.checks.migrations?.ok, false);
    assert.match(pending.checks.migrations?.error ?? '', /db:migrate/);

    const noRedis = await checkReadiness({ db: stack.database.db, redis: deadRedis, timeoutMs: 3000 });
    assert.equal(noRedis.ready, false);
    assert.equal(noRedis.checks.redis?.ok, false);
    assert.deepEqual(noRedis.checks.migrations, { ok: true });

    // The same through HTTP: an API on the unmigrated database answers 503.
    const queues = new QueueClient(stack.redis, stack.prefix, quiet);
    const server = createApp(appDepsFrom(loadUploadApiEnv(stack.env), handle.db, queues, quiet)).listen(0);
    try {
      await new Promise((resolve) => server.once('listening', resolve));
      const api = new ApiClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
      const ready = await api.request('GET', '/readyz');
      assert.equal(ready.status, 503);
      assert.equal(ready.body.checks.migrations.ok, false);
      assert.equal((await api.request('GET', '/healthz')).status, 200, 'the process itself is up');
    } finally {
      await new Promise((resolve) => server.close(resolve));
      await queues.close();
    }
  } finally {
    deadRedis.disconnect();
    await handle.close();
    await dropDatabase(url);
  }
});

test('worker health port: /healthz, /readyz (503 with migrations pending), /metrics with its queue', async () => {
  const logger = createLogger('billing', 'error');
  const health = await startHealthServer({
    service: 'billing',
    port: 0,
    databaseUrl: stack.env.DATABASE_URL,
    redisUrl: stack.env.REDIS_URL!,
    queuePrefix: stack.prefix,
    queues: ['batch-enrich-billing'],
    logger,
  });
  const unmigrated = await emptyDatabase();
  await unmigrated.handle.close();
  const pendingHealth = await startHealthServer({
    service: 'enrich-worker',
    port: 0,
    databaseUrl: unmigrated.url,
    redisUrl: stack.env.REDIS_URL!,
    queuePrefix: stack.prefix,
    queues: ['batch-enrich-rows'],
    logger,
  });
  try {
    const api = new ApiClient(`http://127.0.0.1:${health.port}`);
    const live = await api.request('GET', '/healthz');
    assert.deepEqual([live.status, live.body], [200, { ok: true, service: 'billing' }]);
    const ready = await api.request('GET', '/readyz');
    assert.equal(ready.status, 200, ready.text);
    assert.deepEqual(Object.keys(ready.body.checks).sort(), ['migrations', 'postgres', 'redis']);
    const metrics = await api.request('GET', '/metrics');
    assert.equal(metrics.status, 200);
    assert.notEqual(sample(metrics.text, 'bej_queue_jobs{queue="batch-enrich-billing",state="waiting"}'), undefined);
    assert.ok(metrics.text.includes('bej_process_resident_memory_bytes'));
    assert.equal((await api.request('GET', '/nope')).status, 404);
    assert.equal((await api.request('POST', '/healthz')).status, 405);

    const pending = await new ApiClient(`http://127.0.0.1:${pendingHealth.port}`).request('GET', '/readyz');
    assert.equal(pending.status, 503);
    assert.equal(pending.body.checks.migrations.ok, false);
  } finally {
    for (const step of [...health.steps, ...pendingHealth.steps]) await step.run();
    await dropDatabase(unmigrated.url);
  }
});

test('Bull Board lists every queue read-only; ADMIN_QUEUE_ACTIONS=1 lets the admin token act', async () => {
  const admin = { 'x-admin-token': ADMIN_TOKEN };
  const listed = await stack.api.request('GET', '/admin/queues/api/queues?activeQueue=batch-enrich-rows&status=latest&page=1', { headers: admin });
  assert.equal(listed.status, 200, listed.text);
  const names = (listed.body.queues as Array<{ name: string; readOnlyMode: boolean }>).map((q) => q.name).sort();
  assert.deepEqual(names, [...queueNames].sort());
  assert.ok((listed.body.queues as Array<{ readOnlyMode: boolean }>).every((q) => q.readOnlyMode));
  const refused = await stack.api.request('PUT', '/admin/queues/api/queues/batch-enrich-rows/retry/failed', { headers: admin });
  assert.equal(refused.status, 403);
  assert.match(refused.body.error.message, /ADMIN_QUEUE_ACTIONS/);

  const env = loadUploadApiEnv({ ...stack.env, ADMIN_QUEUE_ACTIONS: '1' });
  const queues = new QueueClient(stack.redis, stack.prefix, quiet);
  const server = createApp(appDepsFrom(env, stack.database.db, queues, quiet)).listen(0);
  try {
    await new Promise((resolve) => server.once('listening', resolve));
    const api = new ApiClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    const allowed = await api.request('PUT', '/admin/queues/api/queues/batch-enrich-rows/retry/failed', { headers: admin });
    assert.equal(allowed.status, 200, allowed.text);
    assert.equal((await api.request('PUT', '/admin/queues/api/queues/batch-enrich-rows/retry/failed')).status, 401, 'still needs the token');
  } finally {
    await new Promise((resolve) => server.close(resolve));
    await queues.close();
  }
});
