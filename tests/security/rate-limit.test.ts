import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { deleteKeysMatching, scanKeys, startInProcessApp, type InProcessApp } from '../support/in-process-app.ts';
import { startTestStack, type ApiResponse, type TestStack } from '../support/test-stack.ts';

const CSV = 'company,street,city,state,zip\nLimit Widgets Inc,1 Main St,Pittsburgh,PA,15213\n';

let stack: TestStack;
const apps: InProcessApp[] = [];

before(async () => {
  stack = await startTestStack({}, { services: [] });
});
after(async () => {
  for (const app of apps) await app.close();
  await deleteKeysMatching(stack, `${stack.prefix}-*`);
  await stack?.close();
});

/** An app with its own QUEUE_PREFIX (so its counters start at zero) and low limits. */
async function appWith(name: string, limits: Record<string, string>): Promise<InProcessApp> {
  const app = await startInProcessApp(stack, { QUEUE_PREFIX: `${stack.prefix}-${name}`, ...limits });
  apps.push(app);
  return app;
}

function assertLimited(res: ApiResponse, windowSeconds: number, where: string): void {
  assert.equal(res.status, 429, `${where}: ${res.text}`);
  assert.equal(res.body.error.code, 'rate_limited', where);
  assert.match(res.body.error.message, /Retry after \d+ s/, where);
  const retryAfter = Number(res.headers.get('retry-after'));
  assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= windowSeconds, `${where}: Retry-After ${res.headers.get('retry-after')}`);
  assert.equal(res.body.error.retry_after_seconds, retryAfter, where);
}

test('minting agents: RATE_LIMIT_AGENT_MINT per client address, 429 with Retry-After', async () => {
  const { api } = await appWith('mint', { RATE_LIMIT_AGENT_MINT: '3/1h' });
  for (let i = 0; i < 3; i++) assert.equal((await api.request('POST', '/api/v1/agents')).status, 201);
  assertLimited(await api.request('POST', '/api/v1/agents'), 3600, 'fourth mint');
  // Other endpoints are not affected.
  assert.equal((await api.request('GET', '/healthz')).status, 200);
});

test('uploads: RATE_LIMIT_UPLOAD per agent, and per client address for anonymous uploads', async () => {
  const { api } = await appWith('upload', { RATE_LIMIT_UPLOAD: '2/10m' });
  const [a, b] = [await api.mintAgent(), await api.mintAgent()];
  for (let i = 0; i < 2; i++) assert.equal((await api.upload(CSV, { bearer: a.token })).status, 201);
  const refused = await api.upload(CSV, { bearer: a.token });
  assertLimited(refused, 600, "agent A's third upload");
  // Another agent on the same address has its own allowance; so does the address for anonymous uploads.
  assert.equal((await api.upload(CSV, { bearer: b.token })).status, 201);
  for (let i = 0; i < 2; i++) assert.equal((await api.upload(CSV)).status, 201);
  assertLimited(await api.upload(CSV), 600, 'third anonymous upload');
  // Nothing was stored for the refused uploads: A has exactly two jobs.
  const jobs = await stack.database.pool.query('select count(*)::int as n from batch_enrich_job where agent_id = $1', [a.agent_id]);
  assert.equal(jobs.rows[0].n, 2);
});

test('auth failures: RATE_LIMIT_AUTH_FAILURES per address, then every credentialed request is 429 until the window ends', async () => {
  const { api } = await appWith('auth', { RATE_LIMIT_AUTH_FAILURES: '3/15m' });
  const agent = await api.mintAgent();
  assert.equal((await api.request('GET', '/api/v1/agents/me', { bearer: 'bej_wrong-token-0000000000000000' })).status, 401);
  assert.equal((await api.request('GET', '/api/v1/agents/me', { headers: { authorization: 'Token x' } })).status, 401);
  assert.equal((await api.request('POST', `/api/v1/admin/agents/${agent.agent_id}/credit`, { json: { amount_usd: 1 }, headers: { 'x-admin-token': 'wrong' } })).status, 401);
  // A request without credentials is not a failure and is never blocked by this limit.
  assert.equal((await api.request('GET', '/api/v1/agents/me')).status, 401);
  // Over the limit: even the right token from this address waits.
  assertLimited(await api.request('GET', '/api/v1/agents/me', { bearer: agent.token }), 900, 'right token after three failures');
  assertLimited(await api.request('GET', '/api/v1/batch/enrich/00000000-0000-4000-8000-000000000000', { batch: 'bup_guess' }), 900, 'Batch token after three failures');
  assert.equal((await api.request('GET', '/healthz')).status, 200);
});

test('a wrong Batch token or upload token counts as an auth failure though it answers 404', async () => {
  const { api } = await appWith('batch', { RATE_LIMIT_AUTH_FAILURES: '2/15m' });
  const upload = await api.upload(CSV);
  assert.equal(upload.status, 201);
  const agent = await api.mintAgent();
  assert.equal((await api.request('GET', `/api/v1/batch/enrich/${upload.body.id}`, { batch: 'bup_not-the-token' })).status, 404);
  assert.equal((await api.request('POST', `/api/v1/batch/enrich/${upload.body.id}/link`, { bearer: agent.token, json: { upload_token: 'bup_nope' } })).status, 404);
  assertLimited(await api.request('GET', `/api/v1/batch/enrich/${upload.body.id}`, { batch: upload.body.upload_token }), 900, 'right Batch token after two failures');
});

test('counters live under the QUEUE_PREFIX, keyed by a digest of the address, and expire', async () => {
  const { api } = await appWith('keys', { RATE_LIMIT_AGENT_MINT: '1/1h' });
  assert.equal((await api.request('POST', '/api/v1/agents')).status, 201);
  assert.equal((await api.request('POST', '/api/v1/agents')).status, 429);
  const keys = await scanKeys(stack, `${stack.prefix}-keys:ratelimit:*`);
  assert.equal(keys.length, 1);
  assert.match(keys[0]!, /:ratelimit:agent_mint:ip-[0-9a-f]{32}$/);
  assert.ok(!keys[0]!.includes('127.0.0.1'));
  const ttl = await stack.redis.pttl(keys[0]!);
  assert.ok(ttl > 0 && ttl <= 3_600_000, `ttl ${ttl}`);
  // Another stack (another prefix) on the same Redis counts on its own.
  const other = await appWith('keys2', { RATE_LIMIT_AGENT_MINT: '1/1h' });
  assert.equal((await other.api.request('POST', '/api/v1/agents')).status, 201);
});

test('a short window opens again once it has passed', async () => {
  const { api } = await appWith('window', { RATE_LIMIT_AGENT_MINT: '1/300ms' });
  assert.equal((await api.request('POST', '/api/v1/agents')).status, 201);
  assert.equal((await api.request('POST', '/api/v1/agents')).status, 429);
  const deadline = Date.now() + 10_000;
  let status = 429;
  while (status === 429 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    status = (await api.request('POST', '/api/v1/agents')).status;
  }
  assert.equal(status, 201);
});

test('limits are parsed once from the environment; nonsense stops the service', async () => {
  const { loadUploadApiEnv } = await import('../../services/upload-api/src/env.ts');
  const env = loadUploadApiEnv({});
  assert.deepEqual(env.RATE_LIMIT_AGENT_MINT, { limit: 20, windowMs: 3_600_000 });
  assert.deepEqual(env.RATE_LIMIT_UPLOAD, { limit: 30, windowMs: 60_000 });
  assert.deepEqual(env.RATE_LIMIT_AUTH_FAILURES, { limit: 20, windowMs: 300_000 });
  assert.equal(loadUploadApiEnv({ RATE_LIMIT_UPLOAD: 'off' }).RATE_LIMIT_UPLOAD, null);
  assert.throws(() => loadUploadApiEnv({ RATE_LIMIT_UPLOAD: '30 per minute' }), /RATE_LIMIT_UPLOAD/);
  assert.throws(() => loadUploadApiEnv({ RATE_LIMIT_AGENT_MINT: '0/1h' }), /RATE_LIMIT_AGENT_MINT/);
});
