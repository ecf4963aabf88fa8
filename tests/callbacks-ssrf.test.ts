import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CallbackReceiver, waitForCallbacks } from './support/callback-receiver.ts';
import { startTestStack, type TestStack } from './support/test-stack.ts';

// The production default: callbacks only to public addresses.
let stack: TestStack;
let hooks: CallbackReceiver;
before(async () => {
  stack = await startTestStack({ CALLBACK_RETRY_DELAY_MS: '100', CALLBACK_RELAY_INTERVAL_MS: '50' });
  hooks = await new CallbackReceiver(() => ({ status: 200 })).start();
});
after(async () => {
  await stack?.close();
  await hooks?.close();
});

test('private, loopback, link-local and metadata callback URLs are refused at submission, also after DNS', async () => {
  const { api, database } = stack;
  const agent = await api.mintAgent();
  const port = new URL(hooks.url).port;
  for (const [url, reason] of [
    [hooks.url, /127\.0\.0\.1/],
    [`http://localhost:${port}/hook`, /resolves to/],
    ['http://169.254.169.254/latest/meta-data/', /169\.254\.169\.254/],
    ['http://10.0.0.7/hook', /10\.0\.0\.7/],
    ['http://[::ffff:192.168.1.1]/hook', /::ffff/],
    ['file:///etc/passwd', /http or https/],
  ] as const) {
    const upload = await api.upload('Company,Zip\nHaney Furniture Co,15213\n', { bearer: agent.token, fields: { callback_url: url } });
    assert.equal(upload.status, 422, `${url}: ${upload.text}`);
    assert.equal(upload.body.error.code, 'invalid_callback_url');
    assert.match(upload.body.error.message, reason);
  }
  const stored = await database.pool.query('select count(*)::int as n from batch_enrich_job');
  assert.equal(stored.rows[0].n, 0, 'nothing is stored for a refused URL');
});

test('at delivery the address is checked again (a name that now resolves to a private address is refused)', async () => {
  const { api, database } = stack;
  const agent = await api.mintAgent();
  await api.credit(agent.agent_id, 20);
  const created = await api.request('POST', '/api/v1/batch/enrich', { bearer: agent.token, json: { rows: [{ company: 'Haney Furniture Co', zip: '15213' }] } });
  assert.equal(created.status, 201);
  // Stands in for DNS that answered a public address at submission and a private one later.
  const port = new URL(hooks.url).port;
  await database.pool.query('update batch_enrich_job set callback_url = $2 where id = $1', [created.body.id, `http://localhost:${port}/hook`]);
  assert.equal((await api.request('POST', `/api/v1/batch/enrich/${created.body.id}/start`, { bearer: agent.token })).status, 202);
  const log = await waitForCallbacks(api, created.body.id, agent.token, (l) => l.callbacks[0]?.state === 'refused');
  assert.equal(log.callbacks[0].attempts, 1, 'a refused address is not retried');
  assert.match(log.callbacks[0].last_error, /private|loopback/);
  assert.equal(hooks.received.length, 0, 'the private receiver never saw a request');
});
