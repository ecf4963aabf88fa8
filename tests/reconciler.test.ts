import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { UnrecoverableError, Worker } from 'bullmq';
import { sql } from 'drizzle-orm';
import type { Redis, RedisOptions } from 'ioredis';
import { withReconcilerLock } from '@bej/db';
import { createLogger } from '@bej/logger';
import { QueueClient, rowEnrichQueueJobId } from '@bej/queue';
import { reconcileOnce } from '../services/billing/src/row-reconciler.ts';
import { leadsCsv } from './support/batch-checks.ts';
import { waitFor } from './support/service-process.ts';
import { deleteKeysWithPrefix } from '../packages/queue/src/test-support/redis-keys.ts';
import { startTestStack, type TestStack } from './support/test-stack.ts';

// No worker and no billing: the test drives the reconciler sweep by hand and reads the queue.
let stack: TestStack;
let queues: QueueClient;
// Connections this file opens itself (queue clients and workers do not close a connection they were given).
const connections: Redis[] = [];
const connection = (opts: RedisOptions = {}) => {
  const redis = stack.redis.duplicate(opts);
  connections.push(redis);
  return redis;
};
const logger = createLogger('reconciler-test', 'error');

before(async () => {
  stack = await startTestStack({}, { services: [] });
  queues = new QueueClient(connection(), stack.prefix, logger);
});
after(async () => {
  await queues?.close();
  await Promise.all(connections.map((c) => c.quit()));
  await stack?.close();
});

const sweep = () => reconcileOnce({ db: stack.database.db, queues, logger, stallMs: 60_000 });
const rowsQueue = () => queues.queue('batch-enrich-rows');

async function startedJob(rows: number): Promise<{ jobId: string; hunted: number }> {
  const agent = await stack.api.mintAgent();
  await stack.api.credit(agent.agent_id, 100);
  const upload = await stack.api.upload(leadsCsv(rows), { bearer: agent.token });
  const started = await stack.api.request('POST', `/api/v1/batch/enrich/${upload.body.id}/start`, { bearer: agent.token });
  assert.equal(started.status, 202, started.text);
  return { jobId: upload.body.id, hunted: started.body.counts.queued };
}

async function deliveryIds(jobId: string): Promise<Map<number, string>> {
  const rows = await stack.database.db.execute<{ row_index: number; delivery_id: string | null }>(
    sql`select row_index, delivery_id from batch_enrich_row where job_id = ${jobId} and status = 'queued'`,
  );
  return new Map(rows.rows.map((r) => [r.row_index, r.delivery_id ?? rowEnrichQueueJobId(jobId, r.row_index, 1)]));
}

test('queue keys lost: every queued row is delivered again under its own id, once', async () => {
  const { jobId, hunted } = await startedJob(12);
  await deleteKeysWithPrefix(stack.redis, stack.prefix);
  const report = await sweep();
  assert.deepEqual(report, { redelivered: hunted, freshIds: 0, completed: 0, released: 0 });
  for (const [, id] of await deliveryIds(jobId)) assert.equal(await rowsQueue().getJobState(id), 'prioritized');
  assert.deepEqual(await sweep(), { redelivered: 0, freshIds: 0, completed: 0, released: 0 }, 'nothing twice');
  await rowsQueue().obliterate({ force: true });
});

test('deliveries left behind as failed jobs: the rows get fresh ids (re-adding the old id would be ignored)', async () => {
  const { jobId, hunted } = await startedJob(8);
  // Every delivery fails for good, as when its attempts ran out on infrastructure errors.
  const failing = new Worker('batch-enrich-rows', async () => {
    throw new UnrecoverableError('simulated: attempts exhausted');
  }, { connection: connection({ maxRetriesPerRequest: null }), prefix: stack.prefix, concurrency: 4 });
  await waitFor('every delivery failed', async () => (await rowsQueue().getFailedCount()) >= hunted, 30_000);
  await failing.close();

  const report = await sweep();
  assert.equal(report?.freshIds, hunted);
  const ids = await deliveryIds(jobId);
  assert.equal(ids.size, hunted);
  for (const [rowIndex, id] of ids) {
    assert.notEqual(id, rowEnrichQueueJobId(jobId, rowIndex, 1), 'a new id');
    assert.equal(await rowsQueue().getJobState(id), 'prioritized');
  }
  assert.deepEqual(await sweep(), { redelivered: 0, freshIds: 0, completed: 0, released: 0 }, 'the fresh delivery is live: left alone');
  await rowsQueue().obliterate({ force: true });
});

test('a row whose lease lapsed (its worker died mid-row) is queued again under a fresh id; a live lease is left alone', async () => {
  const { jobId } = await startedJob(4);
  await rowsQueue().obliterate({ force: true });
  const db = stack.database.db;
  await db.execute(sql`update batch_enrich_row set status = 'running', lease_owner = 'dead-worker', lease_expires_at = now() - interval '1 second'
    where job_id = ${jobId} and row_index = 0`);
  await db.execute(sql`update batch_enrich_row set status = 'running', lease_owner = 'live-worker', lease_expires_at = now() + interval '1 minute'
    where job_id = ${jobId} and row_index = 1`);
  const report = await sweep();
  assert.equal(report?.freshIds, 1, 'the lapsed row');
  const rows = await db.execute<{ row_index: number; status: string; delivery_id: string | null }>(
    sql`select row_index, status, delivery_id from batch_enrich_row where job_id = ${jobId} and row_index in (0, 1) order by row_index`,
  );
  assert.equal(rows.rows[0]!.status, 'queued');
  assert.match(rows.rows[0]!.delivery_id ?? '', new RegExp(`^${rowEnrichQueueJobId(jobId, 0, 1)}-r`));
  assert.equal(await rowsQueue().getJobState(rows.rows[0]!.delivery_id!), 'prioritized');
  assert.equal(rows.rows[1]!.status, 'running', 'a live lease is not touched');
  await rowsQueue().obliterate({ force: true });
});

test('a delivery taken by a worker that died before claiming its row (active, lock gone) is replaced by a fresh one', async () => {
  const { jobId } = await startedJob(2);
  const taker = new Worker('batch-enrich-rows', null, { connection: connection({ maxRetriesPerRequest: null }), prefix: stack.prefix });
  try {
    const taken = await taker.getNextJob('dead-worker-token');
    assert.ok(taken?.id);
    assert.equal((await sweep())?.freshIds, 0, 'an active delivery under a held lock is live');
    await stack.redis.del(`${stack.prefix}:batch-enrich-rows:${taken.id}:lock`);
    assert.equal((await sweep())?.freshIds, 1, 'its lock lapsed: the worker is gone');
    const ids = await deliveryIds(jobId);
    assert.equal([...ids.values()].filter((id) => id.includes('-r')).length, 1);
  } finally {
    await taker.close();
    await rowsQueue().obliterate({ force: true });
  }
});

test('a running job whose rows all finished (its completion was lost) is completed', async () => {
  const { jobId } = await startedJob(3);
  await stack.database.db.execute(sql`update batch_enrich_row set status = 'done', matched = false, finished_at = now()
    where job_id = ${jobId} and status = 'queued'`);
  const report = await sweep();
  assert.equal(report?.completed, 1);
  const job = await stack.database.db.execute<{ status: string }>(sql`select status from batch_enrich_job where id = ${jobId}`);
  assert.equal(job.rows[0]!.status, 'completed');
  await rowsQueue().obliterate({ force: true });
});

test('one sweeper at a time: a sweep finds the lock taken and does nothing', async () => {
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  let locked!: () => void;
  const isLocked = new Promise<void>((r) => (locked = r));
  const holder = withReconcilerLock(stack.database.db, async () => {
    locked();
    await held;
    return 'held';
  });
  await isLocked;
  assert.equal(await sweep(), null);
  release();
  assert.equal(await holder, 'held');
  assert.notEqual(await sweep(), null, 'free again once the holder committed');
});

test('rows waiting with a priority (how every row is queued) are live: a sweep leaves their deliveries alone', async () => {
  // Rows of earlier tests' jobs (their deliveries obliterated) are re-delivered by this sweep too: only fresh ids count here.
  const { jobId, hunted } = await startedJob(6);
  try {
    const before = await deliveryIds(jobId);
    assert.equal(before.size, hunted);
    for (const [, id] of before) assert.equal(await rowsQueue().getJobState(id), 'prioritized');
    const report = await sweep();
    assert.equal(report?.freshIds, 0, 'no row replaced');
    assert.deepEqual(await deliveryIds(jobId), before, 'same delivery ids');
    for (const [, id] of before) assert.equal(await rowsQueue().getJobState(id), 'prioritized', 'still waiting its turn');
  } finally {
    await rowsQueue().obliterate({ force: true });
  }
});
