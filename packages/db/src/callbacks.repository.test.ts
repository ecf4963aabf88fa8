import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { insertAgent } from './agents.repository.ts';
import { callbackLog, recordCallbackAttempt, redeliverCallback, unenqueuedCallbacks } from './callbacks.repository.ts';
import { beginRun, completeIfDrained, insertBatchWithRows, pauseRun } from './batches.repository.ts';
import { useTestDatabase } from './test-support/test-database.ts';
import { TEST_JOB_MAPPING, testLead } from './test-support/test-job-mapping.ts';

const handle = useTestDatabase('callbacks', 4);

async function job(callbackUrl: string | null) {
  const agent = await insertAgent(handle.db, { tokenHash: randomBytes(16).toString('hex'), webhookSecret: 'x' });
  return insertBatchWithRows(
    handle.db,
    { agentId: agent.id, fileRowCount: 1, storedRowCount: 1, rowCount: 1, priceMicro: 250_000, headers: ['a'], mapping: TEST_JOB_MAPPING, callbackUrl },
    [{ rowIndex: 0, cells: ['x'], input: testLead(), searchVariants: [], status: 'pending' }],
  );
}

const types = async (jobId: string) => (await callbackLog(handle.db, jobId)).map((c) => [c.type, c.jobStatus, c.pausedReason, c.run]);

test('the trigger writes one outbox row per reported status change, in the same transaction', async () => {
  const { id } = await job('https://example.com/hook');
  await handle.db.transaction((tx) => beginRun(tx, id, 'uploaded'));
  assert.deepEqual(await types(id), [], 'uploaded → running is not an event');
  assert.ok(await pauseRun(handle.db, id, 1, 'insufficient_balance'));
  await handle.db.transaction((tx) => beginRun(tx, id, 'paused'));
  await handle.pool.query(`update batch_enrich_row set status = 'done' where job_id = $1`, [id]);
  assert.ok(await completeIfDrained(handle.db, id));
  await handle.pool.query(`update batch_enrich_job set updated_at = now() where id = $1`, [id]);
  assert.deepEqual(await types(id), [
    ['batch.paused', 'paused', 'insufficient_balance', 1],
    ['batch.resumed', 'running', null, 2],
    ['batch.completed', 'completed', null, 2],
  ]);

  // A status change rolled back leaves no callback behind.
  const other = await job('https://example.com/hook');
  await handle.db.transaction((tx) => beginRun(tx, other.id, 'uploaded'));
  await assert.rejects(
    handle.db.transaction(async (tx) => {
      await pauseRun(tx, other.id, 1, 'spend_cap');
      throw new Error('crash before commit');
    }),
    /crash before commit/,
  );
  assert.deepEqual(await types(other.id), []);

  const silent = await job(null);
  await handle.db.transaction((tx) => beginRun(tx, silent.id, 'uploaded'));
  await pauseRun(handle.db, silent.id, 1, 'insufficient_balance');
  assert.deepEqual(await types(silent.id), [], 'no callback_url, no callback');
});

test('attempts are numbered across redelivery rounds; a redelivered callback is queued again', async () => {
  const { id } = await job('https://example.com/hook');
  await handle.db.transaction((tx) => beginRun(tx, id, 'uploaded'));
  await pauseRun(handle.db, id, 1, 'insufficient_balance');
  const [callback] = await callbackLog(handle.db, id);
  assert.ok((await unenqueuedCallbacks(handle.db, 1000)).some((c) => c.id === callback!.id && c.round === 0));
  await handle.pool.query('update batch_enrich_callback set enqueued_at = now() where id = $1', [callback!.id]);
  const attempt = (outcome: 'retrying' | 'failed' | 'delivered') =>
    recordCallbackAttempt(handle.db, { callbackId: callback!.id, statusCode: outcome === 'delivered' ? 200 : 500, error: null, durationMs: 3, outcome });
  await attempt('retrying');
  await attempt('failed');
  assert.equal((await callbackLog(handle.db, id))[0]!.state, 'failed');
  const again = await redeliverCallback(handle.db, id, callback!.id);
  assert.equal(again?.round, 1);
  assert.ok((await unenqueuedCallbacks(handle.db, 1000)).some((c) => c.id === callback!.id && c.round === 1));
  await attempt('delivered');
  await attempt('failed'); // a straggler of the old round: logged, changes nothing
  const [final] = await callbackLog(handle.db, id);
  assert.equal(final!.state, 'delivered');
  assert.deepEqual(final!.deliveries.map((d) => d.attempt), [1, 2, 3, 4]);
  assert.equal(await redeliverCallback(handle.db, (await job(null)).id, callback!.id), null, 'only through its own job');
});
