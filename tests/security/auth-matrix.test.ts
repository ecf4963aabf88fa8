import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { listRoutes } from '../../services/upload-api/src/http/express-routes.ts';
import { ADMIN_TOKEN, type ApiClient, startTestStack, type TestStack } from '../support/test-stack.ts';
import { assertSecurityHeaders } from './security-assertions.ts';
import { ROUTE_AUTH, paramValue, type AuthKind, type Fixture, type RouteSpec } from './route-auth.table.ts';

const CREDENTIALS = [
  'none',
  'malformed_scheme',
  'malformed_empty',
  'unknown_bearer',
  'wrong_admin',
  'other_agent',
  'other_job_batch',
  'own_job_batch',
  'right',
] as const;
type Credential = (typeof CREDENTIALS)[number];

/** What each credential gets on each kind of route: a status, or 'ok' (the route's own success status). */
const EXPECTED: Record<AuthKind, Record<Exclude<Credential, 'right'>, number | 'ok'>> = {
  public: { none: 'ok', malformed_scheme: 'ok', malformed_empty: 'ok', unknown_bearer: 'ok', wrong_admin: 'ok', other_agent: 'ok', other_job_batch: 'ok', own_job_batch: 'ok' },
  agent: { none: 401, malformed_scheme: 401, malformed_empty: 401, unknown_bearer: 401, wrong_admin: 401, other_agent: 'ok', other_job_batch: 401, own_job_batch: 401 },
  optional_agent: { none: 'ok', malformed_scheme: 401, malformed_empty: 401, unknown_bearer: 401, wrong_admin: 'ok', other_agent: 'ok', other_job_batch: 401, own_job_batch: 401 },
  owner: { none: 401, malformed_scheme: 401, malformed_empty: 401, unknown_bearer: 401, wrong_admin: 401, other_agent: 404, other_job_batch: 401, own_job_batch: 401 },
  owner_or_batch: { none: 401, malformed_scheme: 401, malformed_empty: 401, unknown_bearer: 401, wrong_admin: 401, other_agent: 404, other_job_batch: 404, own_job_batch: 'ok' },
  link: { none: 401, malformed_scheme: 401, malformed_empty: 401, unknown_bearer: 401, wrong_admin: 401, other_agent: 409, other_job_batch: 401, own_job_batch: 401 },
  admin: { none: 401, malformed_scheme: 401, malformed_empty: 401, unknown_bearer: 401, wrong_admin: 401, other_agent: 401, other_job_batch: 401, own_job_batch: 401 },
};

function headersFor(credential: Credential, kind: AuthKind, f: Fixture): Record<string, string> {
  switch (credential) {
    case 'none':
      return {};
    case 'malformed_scheme':
      return { authorization: `Basic ${Buffer.from(`x:${f.owner.token}`).toString('base64')}` };
    case 'malformed_empty':
      return { authorization: 'Bearer' };
    case 'unknown_bearer':
      return { authorization: 'Bearer bej_0000000000000000000000000000000000000000000' };
    case 'wrong_admin':
      return { 'x-admin-token': `${ADMIN_TOKEN}-wrong` };
    case 'other_agent':
      return { authorization: `Bearer ${f.other.token}` };
    case 'other_job_batch':
      return { authorization: `Batch ${f.otherJob.uploadToken}` };
    case 'own_job_batch':
      return { authorization: `Batch ${f.job.uploadToken}` };
    case 'right':
      if (kind === 'admin') return { 'x-admin-token': ADMIN_TOKEN };
      return kind === 'public' ? {} : { authorization: `Bearer ${f.owner.token}` };
  }
}

let stack: TestStack;
let api: ApiClient;

before(async () => {
  // No workers: a started job stays as it is while the matrix runs. x402 is on (a pay-to address,
  // no facilitator is ever reached) so the top-up route answers its payment requirements.
  stack = await startTestStack({ X402_PAY_TO: '0x000000000000000000000000000000000000dEaD' }, { services: [] });
  api = stack.api;
});

after(async () => {
  await stack?.close();
});

const CSV = 'company,street,city,state,zip\nMatrix Widgets Inc,1 Main St,Pittsburgh,PA,15213\nOther Co,2 Side Ave,Erie,PA,16501\n';

async function anonymousJobLinkedTo(token: string): Promise<{ id: string; uploadToken: string }> {
  const upload = await api.upload(CSV);
  assert.equal(upload.status, 201, upload.text);
  const link = await api.request('POST', `/api/v1/batch/enrich/${upload.body.id}/link`, { bearer: token, json: { upload_token: upload.body.upload_token } });
  assert.equal(link.status, 200, link.text);
  return { id: upload.body.id, uploadToken: upload.body.upload_token };
}

/** A fresh world per route, so a rightful call that changes state (start, link, mapping) cannot affect the next route. */
async function buildFixture(): Promise<Fixture> {
  const [owner, other] = [await api.mintAgent(), await api.mintAgent()];
  await api.credit(owner.agent_id, 100);
  return {
    owner: { agentId: owner.agent_id, token: owner.token },
    other: { agentId: other.agent_id, token: other.token },
    job: await anonymousJobLinkedTo(owner.token),
    otherJob: await anonymousJobLinkedTo(other.token),
    csv: CSV,
  };
}

function fillPath(path: string, f: Fixture): string {
  return path.replace(/:([A-Za-z_]+)/g, (_m, name: string) => {
    const value = paramValue(name, f);
    if (value === undefined) throw new Error(`no value for path parameter :${name} (${path}); add one to paramValue in route-auth.table.ts`);
    return value;
  });
}

interface Probe {
  key: string;
  method: string;
  path: string;
  spec: RouteSpec;
}

function probesOf(key: string, spec: RouteSpec, f: Fixture): Probe[] {
  const [method, path] = key.split(' ') as [string, string];
  if (method === 'USE') return (spec.probes ?? [path]).map((p) => ({ key, method: spec.method ?? 'GET', path: fillPath(p, f), spec }));
  return [{ key, method: method === 'ALL' ? 'GET' : method, path: fillPath(path, f), spec }];
}

/** One call; an event stream is closed as soon as its status and headers are in. */
async function call(probe: Probe, headers: Record<string, string>, f: Fixture) {
  const init: RequestInit = { method: probe.method, headers: { ...headers } };
  if (probe.spec.json) {
    (init.headers as Record<string, string>)['content-type'] = 'application/json';
    init.body = JSON.stringify(probe.spec.json(f));
  } else if (probe.spec.form) init.body = probe.spec.form(f);
  const controller = new AbortController();
  const res = await fetch(`${api.base}${probe.path}`, { ...init, signal: controller.signal });
  const type = res.headers.get('content-type') ?? '';
  if (type.includes('event-stream')) {
    controller.abort();
    return { status: res.status, headers: res.headers, body: null as unknown, text: '' };
  }
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: type.includes('json') ? (JSON.parse(text) as unknown) : null, text };
}

test('every registered route has an auth kind in the table, and every table entry is registered', () => {
  const registered = listRoutes(stack.app).map((r) => `${r.method} ${r.path}`);
  const missing = registered.filter((key) => !(key in ROUTE_AUTH));
  assert.deepEqual(missing, [], `routes without an entry in tests/security/route-auth.table.ts: ${missing.join(', ')}`);
  const stale = Object.keys(ROUTE_AUTH).filter((key) => !registered.includes(key));
  assert.deepEqual(stale, [], `table entries for routes the app no longer registers: ${stale.join(', ')}`);
});

test('auth matrix: every route × every credential answers as the contract says', async (t) => {
  let calls = 0;
  const failures: string[] = [];
  for (const [key, spec] of Object.entries(ROUTE_AUTH)) {
    const f = await buildFixture();
    // The rightful caller goes last: it is the only one allowed to change anything.
    for (const credential of CREDENTIALS) {
      for (const probe of probesOf(key, spec, f)) {
        const expected = credential === 'right' ? spec.ok : EXPECTED[spec.auth][credential] === 'ok' ? spec.ok : EXPECTED[spec.auth][credential];
        const res = await call(probe, headersFor(credential, spec.auth, f), f);
        calls += 1;
        const where = `${key} (${probe.method} ${probe.path}) as ${credential}`;
        if (res.status !== expected) failures.push(`${where}: expected ${expected}, got ${res.status} ${res.text.slice(0, 160)}`);
        assertSecurityHeaders(res.headers, where);
        assert.notEqual(res.status, 403, `${where}: a job someone may not see is 404, never 403`);
        if (res.status === 401) assert.equal((res.body as { error?: { code?: string } })?.error?.code, 'unauthorized', where);
        if (res.status === 404 && probe.path.startsWith('/api/')) {
          // Nothing about the job: the error object alone.
          assert.deepEqual(Object.keys(res.body as object), ['error'], where);
          assert.equal((res.body as { error: { code: string } }).error.code, 'not_found', where);
        }
      }
    }
  }
  assert.deepEqual(failures, [], failures.join('\n'));
  // Routes × credentials (USE entries probe more than one path): the size the report quotes.
  const routes = Object.keys(ROUTE_AUTH).length;
  assert.ok(calls >= routes * CREDENTIALS.length, `${calls} calls for ${routes} routes`);
  t.diagnostic(`auth matrix: ${routes} routes × ${CREDENTIALS.length} credentials = ${calls} calls`);
});

test('a Batch token keeps to its own job: no other job, no writes, no download', async () => {
  const f = await buildFixture();
  const batch = f.job.uploadToken;
  assert.equal((await api.request('GET', `/api/v1/batch/enrich/${f.job.id}`, { batch })).status, 200);
  assert.equal((await api.request('GET', `/api/v1/batch/enrich/${f.otherJob.id}`, { batch })).status, 404);
  assert.equal((await api.request('GET', `/api/v1/batch/enrich/${f.otherJob.id}/preview`, { batch })).status, 404);
  for (const [method, suffix] of [['GET', '/download.csv'], ['POST', '/start'], ['POST', '/resume'], ['PUT', '/mapping']] as const) {
    const res = await api.request(method, `/api/v1/batch/enrich/${f.job.id}${suffix}`, { batch, json: method === 'GET' ? undefined : {} });
    assert.equal(res.status, 401, `${method} ${suffix} with the job's own Batch token`);
  }
  assert.equal((await api.request('GET', '/api/v1/agents/me', { batch })).status, 401);
});
