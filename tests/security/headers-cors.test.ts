import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { API_CONTENT_SECURITY_POLICY } from '../../services/upload-api/src/http/security-headers.ts';
import { startInProcessApp, type InProcessApp } from '../support/in-process-app.ts';
import { ADMIN_TOKEN, startTestStack, type TestStack } from '../support/test-stack.ts';
import { assertSecurityHeaders } from './security-assertions.ts';

let stack: TestStack;
const apps: InProcessApp[] = [];

before(async () => {
  stack = await startTestStack({}, { services: [] });
});
after(async () => {
  for (const app of apps) await app.close();
  await stack?.close();
});

const EVIL = 'https://evil.example';

test('API answers carry the strict headers, on success, on errors and on unknown paths', async () => {
  const { api } = stack;
  const agent = await api.mintAgent();
  for (const [method, path, opts] of [
    ['POST', '/api/v1/agents', {}],
    ['GET', '/api/v1/agents/me', { bearer: agent.token }],
    ['GET', '/api/v1/agents/me', {}],
    ['GET', '/no/such/path', {}],
    ['POST', '/api/v1/batch/enrich/upload', { json: { not: 'multipart' } }],
    ['GET', '/healthz', {}],
  ] as const) {
    const res = await api.request(method, path, opts);
    const where = `${method} ${path} → ${res.status}`;
    assertSecurityHeaders(res.headers, where);
    assert.equal(res.headers.get('content-security-policy'), API_CONTENT_SECURITY_POLICY, where);
    assert.equal(res.headers.get('cache-control'), 'no-store', where);
    assert.equal(res.headers.get('cross-origin-resource-policy'), 'same-origin', where);
    // Plain HTTP: no HSTS.
    assert.equal(res.headers.get('strict-transport-security'), null, where);
  }
});

test('Bull Board gets its own page policy (own scripts only, never framed)', async () => {
  const res = await stack.api.request('GET', '/admin/queues', { headers: { 'x-admin-token': ADMIN_TOKEN } });
  assert.equal(res.status, 200);
  assertSecurityHeaders(res.headers, 'bull board');
  const csp = res.headers.get('content-security-policy') ?? '';
  assert.match(csp, /script-src 'self'(;|$)/);
  assert.doesNotMatch(csp, /script-src[^;]*unsafe-inline/);
  // The cookie that keeps the board signed in is a derived digest, not the admin token.
  const cookie = res.headers.get('set-cookie') ?? '';
  assert.match(cookie, /^bej_admin=[0-9a-f]{64}; Path=\/admin\/queues; HttpOnly; SameSite=Strict/);
  assert.ok(!cookie.includes(ADMIN_TOKEN));
  const again = await stack.api.request('GET', '/admin/queues/api/queues', { headers: { cookie: cookie.split(';')[0]! } });
  assert.equal(again.status, 200);
  assert.equal((await stack.api.request('GET', '/admin/queues/api/queues', { headers: { cookie: `bej_admin=${'0'.repeat(64)}` } })).status, 401);
});

test('closed CORS: no Allow-Origin for a foreign origin, and its preflight gets no permission', async () => {
  const { api } = stack;
  const agent = await api.mintAgent();
  const read = await api.request('GET', '/api/v1/agents/me', { bearer: agent.token, headers: { origin: EVIL } });
  assert.equal(read.status, 200);
  assert.equal(read.headers.get('access-control-allow-origin'), null);

  for (const path of ['/api/v1/agents', '/api/v1/agents/me', '/api/v1/batch/enrich/upload', '/no/such/path']) {
    const preflight = await api.request('OPTIONS', path, {
      headers: { origin: EVIL, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' },
    });
    assert.equal(preflight.status, 403, path);
    assert.equal(preflight.body.error.code, 'forbidden');
    for (const header of ['access-control-allow-origin', 'access-control-allow-methods', 'access-control-allow-headers', 'access-control-allow-credentials']) {
      assert.equal(preflight.headers.get(header), null, `${path}: ${header}`);
    }
    assertSecurityHeaders(preflight.headers, `preflight ${path}`);
  }
});

test('a cross-site browser write is refused before it does anything; same-origin and non-browser clients pass', async () => {
  const { api } = stack;
  const count = async () => (await stack.database.pool.query('select count(*)::int as n from agents')).rows[0].n as number;
  const before = await count();
  const crossSite = await api.request('POST', '/api/v1/agents', { headers: { origin: EVIL, 'sec-fetch-site': 'cross-site' } });
  assert.equal(crossSite.status, 403);
  const oldBrowser = await api.request('POST', '/api/v1/agents', { headers: { origin: EVIL } });
  assert.equal(oldBrowser.status, 403);
  const form = new FormData();
  form.append('file', new Blob(['company,zip\nAcme,15213\n']), 'leads.csv');
  assert.equal((await api.request('POST', '/api/v1/batch/enrich/upload', { form, headers: { origin: EVIL, 'sec-fetch-site': 'cross-site' } })).status, 403);
  assert.equal(await count(), before);

  const host = new URL(api.base).host;
  assert.equal((await api.request('POST', '/api/v1/agents', { headers: { origin: `http://${host}`, 'sec-fetch-site': 'same-origin' } })).status, 201);
  assert.equal((await api.request('POST', '/api/v1/agents', { headers: { origin: `http://${host}` } })).status, 201);
  assert.equal((await api.request('POST', '/api/v1/agents')).status, 201);
  // Reads stay readable cross-site (no CORS permission, so a browser will not hand them to the page).
  assert.equal((await api.request('GET', '/healthz', { headers: { origin: EVIL, 'sec-fetch-site': 'cross-site' } })).status, 200);
});

test('HSTS over HTTPS only: behind a trusted proxy that says https', async () => {
  const proxied = await startInProcessApp(stack, { TRUST_PROXY: 'loopback' });
  apps.push(proxied);
  const https = await proxied.api.request('GET', '/healthz', { headers: { 'x-forwarded-proto': 'https' } });
  assert.equal(https.headers.get('strict-transport-security'), 'max-age=31536000; includeSubDomains');
  const http = await proxied.api.request('GET', '/healthz');
  assert.equal(http.headers.get('strict-transport-security'), null);
  // Without TRUST_PROXY the same header is not believed.
  const direct = await stack.api.request('GET', '/healthz', { headers: { 'x-forwarded-proto': 'https' } });
  assert.equal(direct.headers.get('strict-transport-security'), null);
});
