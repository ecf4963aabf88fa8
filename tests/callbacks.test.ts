import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { verifyCallback } from '@bej/callbacks';
import { CallbackReceiver, waitForCallbacks } from './support/callback-receiver.ts';
import { repoRoot, startTestStack, type TestStack } from './support/test-stack.ts';
import type { Callback, Delivery } from './support/api-types.ts';

const LEADS = readFileSync(`${repoRoot}examples/leads.csv`);

let stack: TestStack;
const receivers: CallbackReceiver[] = [];
before(async () => {
  stack = await startTestStack({
    CALLBACK_ALLOW_PRIVATE: '1',
    CALLBACK_MAX_ATTEMPTS: '5',
    CALLBACK_RETRY_DELAY_MS: '100',
    CALLBACK_RELAY_INTERVAL_MS: '50',
    WORKER_CONCURRENCY: '4',
    BATCH_ENRICH_MIN_BALANCE_USD: '1',
  });
});
after(async () => {
  await stack?.close();
  for (const r of receivers) await r.close();
});

async function receiver(answer: ConstructorParameters<typeof CallbackReceiver>[0]) {
  const r = await new CallbackReceiver(answer).start();
  receivers.push(r);
  return r;
}

test('paused, resumed and completed are POSTed signed, retried until 200, with a stable id and body', async () => {
  const { api } = stack;
  // Every event is refused twice before the receiver accepts it.
  const hooks = await receiver((_req, seenBefore) => ({ status: seenBefore < 2 ? 503 : 200 }));
  const minted = (await api.request('POST', '/api/v1/agents')).body;
  await api.credit(minted.agent_id, 1.5);
  const upload = await api.upload(LEADS, { bearer: minted.token, fields: { callback_url: hooks.url } });
  assert.equal(upload.status, 201, upload.text);
  const job = upload.body;
  assert.equal(job.callback_url, hooks.url);
  assert.equal((await api.request('POST', `/api/v1/batch/enrich/${job.id}/start`, { bearer: minted.token })).status, 202);
  await api.waitForBatch(job.id, minted.token, (j) => j.status === 'paused');
  await api.credit(minted.agent_id, 20);
  assert.equal((await api.request('POST', `/api/v1/batch/enrich/${job.id}/resume`, { bearer: minted.token })).status, 202);
  await api.waitForBatch(job.id, minted.token, (j) => j.status === 'completed');

  const log = await waitForCallbacks(api, job.id, minted.token, (l) => l.callbacks.length === 3 && l.callbacks.every((c: Callback) => c.state === 'delivered'));
  assert.deepEqual(log.callbacks.map((c: Callback) => c.type), ['batch.paused', 'batch.resumed', 'batch.completed']);
  for (const callback of log.callbacks) {
    assert.deepEqual(callback.deliveries.map((d: Delivery) => d.status_code), [503, 503, 200], `${callback.type}: retried until 200`);
    assert.deepEqual(callback.deliveries.map((d: Delivery) => d.attempt), [1, 2, 3]);
    const got = hooks.received.filter((r) => r.body.id === callback.id);
    assert.equal(got.length, 3);
    assert.equal(new Set(got.map((r) => r.rawBody)).size, 1, 'every retry sends the same bytes');
    for (const request of got) {
      assert.equal(verifyCallback(minted.webhook_secret, request.headers['x-signature'] as string, request.rawBody), true, 'signature verifies');
      assert.equal(verifyCallback('whsec_wrong', request.headers['x-signature'] as string, request.rawBody), false);
      assert.equal(request.headers['content-type'], 'application/json');
      assert.equal(request.headers['x-callback-id'], callback.id);
    }
    const body = got[0]!.body;
    assert.deepEqual(Object.keys(body), ['id', 'type', 'created_at', 'data']);
    assert.equal(body.type, callback.type);
    assert.equal(body.data.job.id, job.id);
  }
  const [paused, resumed, completed] = log.callbacks.map((c: Callback) => hooks.received.find((r) => r.body.id === c.id)!.body.data.job);
  assert.equal(paused.status, 'paused');
  assert.equal(paused.paused_reason, 'insufficient_balance');
  assert.equal(resumed.status, 'running');
  assert.equal(completed.status, 'completed');
  assert.equal(completed.counts.matched, 29);
  assert.doesNotMatch(JSON.stringify(completed), /Haney|Pittsburgh/, 'the job object carries no row values');

  const stranger = await api.mintAgent();
  assert.equal((await api.request('GET', `/api/v1/batch/enrich/${job.id}/callbacks`, { bearer: stranger.token })).status, 404);
});

test('a status change made by any process, with no enqueue at all, still produces its callback', async () => {
  const { api, database } = stack;
  const hooks = await receiver(() => ({ status: 204 }));
  const agent = await api.mintAgent();
  const created = await api.request('POST', '/api/v1/batch/enrich', {
    bearer: agent.token,
    json: { rows: [{ company: 'Haney Furniture Co', zip: '15213' }], callback_url: hooks.url },
  });
  assert.equal(created.status, 201, created.text);
  // As if a worker completed the job and died before telling anyone.
  await database.pool.query(`update batch_enrich_job set status = 'running' where id = $1`, [created.body.id]);
  await database.pool.query(`update batch_enrich_job set status = 'completed', completed_at = now() where id = $1`, [created.body.id]);
  const log = await waitForCallbacks(api, created.body.id, agent.token, (l) => l.callbacks[0]?.state === 'delivered');
  assert.equal(log.callbacks.length, 1, 'uploaded → running emits nothing; running → completed emits batch.completed');
  assert.equal(log.callbacks[0].type, 'batch.completed');
  assert.equal(hooks.received.length, 1);
});

test('redirects are never followed: the target of a redirect (here a private address) is never contacted', async () => {
  const { api } = stack;
  const trap = await receiver(() => ({ status: 200 }));
  const hooks = await receiver(() => ({ status: 302, headers: { location: trap.url } }));
  const agent = await api.mintAgent();
  await api.credit(agent.agent_id, 20);
  const created = await api.request('POST', '/api/v1/batch/enrich', {
    bearer: agent.token,
    json: { rows: [{ company: 'Haney Furniture Co', zip: '15213' }], callback_url: hooks.url, auto_start: true },
  });
  assert.equal(created.status, 201, created.text);
  const log = await waitForCallbacks(api, created.body.id, agent.token, (l) => l.callbacks[0]?.state === 'failed');
  const callback = log.callbacks[0];
  assert.equal(callback.attempts, 5, 'non-2xx answers are retried: 5 attempts in all');
  assert.ok(callback.deliveries.every((d: Delivery) => d.status_code === 302 && /not followed/.test(d.error ?? '')));
  assert.equal(hooks.received.length, 5);
  assert.equal(trap.received.length, 0, 'the redirect target never saw a request');
});

test('after the retries run out, the owner can redeliver: same id, same body, a fresh round', async () => {
  const { api } = stack;
  let receiverUp = false;
  const hooks = await receiver(() => ({ status: receiverUp ? 200 : 500 }));
  const agent = await api.mintAgent();
  await api.credit(agent.agent_id, 20);
  const created = await api.request('POST', '/api/v1/batch/enrich', {
    bearer: agent.token,
    json: { rows: [{ company: 'Haney Furniture Co', zip: '15213' }], callback_url: hooks.url, auto_start: true },
  });
  const jobId = created.body.id as string;
  const failed = await waitForCallbacks(api, jobId, agent.token, (l) => l.callbacks[0]?.state === 'failed');
  assert.equal(failed.callbacks[0].attempts, 5);
  receiverUp = true;
  const callbackId = failed.callbacks[0].id as string;
  const again = await api.request('POST', `/api/v1/batch/enrich/${jobId}/callbacks/${callbackId}/redeliver`, { bearer: agent.token });
  assert.equal(again.status, 202, again.text);
  assert.equal(again.body.state, 'pending');
  const delivered = await waitForCallbacks(api, jobId, agent.token, (l) => l.callbacks[0]?.state === 'delivered');
  assert.deepEqual(delivered.callbacks[0].deliveries.map((d: Delivery) => [d.attempt, d.status_code]), [
    [1, 500],
    [2, 500],
    [3, 500],
    [4, 500],
    [5, 500],
    [6, 200],
  ]);
  assert.equal(new Set(hooks.received.map((r) => r.rawBody)).size, 1, 'the same body, id included');
  const stranger = await api.mintAgent();
  assert.equal((await api.request('POST', `/api/v1/batch/enrich/${jobId}/callbacks/${callbackId}/redeliver`, { bearer: stranger.token })).status, 404);
  assert.equal((await api.request('POST', `/api/v1/batch/enrich/${jobId}/callbacks/not-an-id/redeliver`, { bearer: agent.token })).status, 404);
});
