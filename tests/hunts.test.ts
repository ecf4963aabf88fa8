import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { getBalanceMicro, ledgerSumMicro, usdToMicro } from '@bej/db';
import { startFakeOpenAI, type FakeOpenAI, type FakeReply, type RecordedRequest } from '../services/mapper/src/test-support/fake-openai.ts';
import { fakeHuntModel } from '../services/enrich-worker/src/test-support/fake-hunt-model.ts';
import { loadWebRecords, startFakeWeb, type FakeWeb } from '../services/enrich-worker/src/test-support/fake-web.ts';
import { startFakeVendor, type FakeVendor } from '../services/enrich-worker/src/test-support/fake-vendor.ts';
import { repoRoot, startTestStack, type TestStack } from './support/test-stack.ts';
import type { RowEvent } from './support/api-types.ts';

const seen = new Map<string, number>();
function companyOf(request: RecordedRequest): string {
  const messages = request.body.messages as Array<{ role: string; content: string }>;
  return (JSON.parse(messages.find((m) => m.role === 'user')!.content) as { lead: { company?: string } }).lead.company ?? '';
}
/** The fake model's behaviour per lead: real hunts, plus the faults a batch meets. */
function responder(request: RecordedRequest): FakeReply {
  const company = companyOf(request);
  const n = (seen.get(company) ?? 0) + 1;
  seen.set(company, n);
  if (company === 'Server Down Co') return { status: 500, message: 'upstream exploded' };
  if (company === 'Garbage Co') return { content: 'I would rather write a poem.' };
  if (company === 'Slow Co') return { delayMs: 1500, then: { content: 'late' } };
  if (company === 'Haney Furniture Co' && n === 1) return { status: 429, headers: { 'retry-after': '1' }, message: 'slow down' };
  return fakeHuntModel(request);
}

let model: FakeOpenAI;
let web: FakeWeb;
let vendor: FakeVendor;
let stack: TestStack;
before(async () => {
  model = await startFakeOpenAI({ fallback: responder });
  web = await startFakeWeb(loadWebRecords(`${repoRoot}examples/directory.jsonl`));
  stack = await startTestStack({
    ENRICH_PROVIDER: 'openrouter',
    OPENROUTER_API_KEY: 'test-key',
    OPENROUTER_BASE_URL: model.baseURL,
    ENRICH_HUNT_MODEL: 'test/hunter',
    ENRICH_SEARCH_URL: web.baseUrl,
    ENRICH_FETCH_ALLOW_PRIVATE: '1',
    ENRICH_HUNT_TIMEOUT_MS: '500',
    ENRICH_HUNT_MAX_ATTEMPTS: '2',
    ENRICH_HUNT_BACKOFF_MS: '10',
    WORKER_CONCURRENCY: '4',
  });
});
after(async () => {
  await stack?.close();
  await model?.close();
  await web?.close();
  await vendor?.close();
});

const CSV = [
  'Company,Address,City,State,Zip,Phone',
  'Haney Furniture Co,100 Main St,Pittsburgh,PA,15213,',
  'Monongahela Marine Repair,12 River Rd,Monessen,PA,15062,',
  'Nobody Here LLC,1 Nowhere Rd,Nome,AK,99762,',
  'Server Down Co,2 Side St,Erie,PA,16501,',
  'Garbage Co,3 Side St,Erie,PA,16501,',
  'Slow Co,4 Side St,Erie,PA,16501,',
  ',,,,,',
  ',,Erie,,,',
].join('\n');

test('openrouter by env alone: good, empty, failed (5xx, garbage, timeout) and rate-limited rows end with the exact spend', async () => {
  const { api, database } = stack;
  const agent = await api.mintAgent();
  await api.credit(agent.agent_id, 20);
  const job = (await api.upload(CSV, { bearer: agent.token, fields: { auto_start: 'true' } })).body;
  const done = await api.waitForBatch(job.id, agent.token, (j) => j.status === 'completed', 60_000);
  assert.deepEqual(
    [done.counts.matched, done.counts.empty, done.counts.failed, done.counts.invalid],
    [2, 1, 3, 1],
    JSON.stringify(done.counts),
  );
  assert.equal(done.spent_usd, 0.5, 'only the two matched rows are paid');
  const balance = await getBalanceMicro(database.db, agent.agent_id);
  assert.equal(balance, usdToMicro(19.5));
  assert.equal(await ledgerSumMicro(database.db, agent.agent_id), balance);
  const kinds = await database.db.execute<{ kind: string; n: number }>(
    sql`select kind, count(*)::int as n from ledger_entries where job_id = ${job.id} group by kind order by kind`,
  );
  assert.deepEqual(kinds.rows, [
    { kind: 'row_debit', n: 6 },
    { kind: 'row_refund', n: 4 },
  ]);

  const path = `/api/v1/batch/enrich/${job.id}`;
  const haney = (await api.request('GET', `${path}/rows/0`, { bearer: agent.token })).body;
  assert.equal(haney.status, 'done');
  assert.equal(haney.result.contacts[0].display_name, 'Dana Haney');
  assert.ok(!('tool_trace' in haney.result));
  const types: string[] = haney.events.map((e: RowEvent) => e.type);
  assert.ok(types.includes('rate_limited'), 'the 429 shows in the row history');
  assert.equal(types.filter((t) => t === 'row_started').length, 2, 'hunted again after the pause, no attempt lost');
  assert.equal(types.at(-1), 'row_done');
  assert.ok(haney.events.some((e: RowEvent) => e.type === 'tool_progress' && e.message.startsWith('fetch_page')));
  assert.equal(haney.usage.model_calls, 3);
  assert.ok(haney.usage.total_tokens > 0);

  for (const [rowIndex, pattern] of [
    [3, /500/],
    [4, /not answer with a result graph/],
    [5, /timed out/],
  ] as const) {
    const row = (await api.request('GET', `${path}/rows/${rowIndex}`, { bearer: agent.token })).body;
    assert.equal(row.status, 'failed');
    assert.match(row.error, pattern);
    assert.equal(row.events.at(-1).type, 'row_failed');
    assert.equal(row.spent_usd, 0);
    assert.ok(row.usage === null || typeof row.usage.model_calls === 'number');
  }
  const csv = (await api.request('GET', `${path}/download.csv`, { bearer: agent.token })).text;
  const header = csv.split('\n')[0]!;
  assert.ok(header.includes('contacts.0.display_name'));
  assert.ok(!/tool_trace|usage|prompt_tokens/.test(header), 'neither the trace nor the usage reach the CSV');
});

test('http provider by env alone: the vendor gets the lead with its bearer, faults fail rows, the batch goes on', async () => {
  vendor = await startFakeVendor((request) => {
    if (request.authorization !== 'Bearer vendor-secret') return { status: 401, body: {} };
    if (request.body.lead.company === 'Server Down Co') return { status: 502, body: {} };
    if (request.body.lead.company === 'Haney Furniture Co') return { status: 200, body: { contacts: [{ display_name: 'Dana Haney' }], phones: ['412-555-0101'], emails: [], entities: [], confidence: 0.9 } };
    return { status: 200, body: { contacts: [], phones: [], emails: [], entities: [], confidence: 0 } };
  });
  const httpStack = await startTestStack(
    { ENRICH_PROVIDER: 'http', ENRICH_HTTP_URL: vendor.url, ENRICH_HTTP_TOKEN: 'vendor-secret', ENRICH_HUNT_MAX_ATTEMPTS: '2', ENRICH_HUNT_BACKOFF_MS: '10' },
    { services: ['enrich-worker', 'billing'] },
  );
  try {
    const agent = await httpStack.api.mintAgent();
    await httpStack.api.credit(agent.agent_id, 20);
    const csv = ['Company,City,State', 'Haney Furniture Co,Pittsburgh,PA', 'Server Down Co,Erie,PA', 'Nobody Here LLC,Nome,AK'].join('\n');
    const job = (await httpStack.api.upload(csv, { bearer: agent.token, fields: { auto_start: 'true' } })).body;
    const done = await httpStack.api.waitForBatch(job.id, agent.token, (j) => j.status === 'completed');
    assert.deepEqual([done.counts.matched, done.counts.empty, done.counts.failed], [1, 1, 1]);
    assert.equal(done.spent_usd, 0.25);
    assert.equal(await ledgerSumMicro(httpStack.database.db, agent.agent_id), usdToMicro(19.75));
    const posted = vendor.requests.find((r) => r.body.lead.company === 'Haney Furniture Co')!;
    assert.deepEqual(Object.keys(posted.body).sort(), ['lead', 'pass', 'search_variants']);
    assert.equal(posted.body.lead.city, 'Pittsburgh');
    assert.equal(vendor.requests.filter((r) => r.body.lead.company === 'Server Down Co').length, 2, 'retried, then failed');
  } finally {
    await httpStack.close();
  }
});

test('a 429 holds back the whole worker for the asked time, then every row is hunted and none fails', async () => {
  const times: number[] = [];
  const limited = await startFakeOpenAI({
    fallback: (request) => {
      times.push(Date.now());
      return times.length === 1 ? { status: 429, headers: { 'retry-after': '1' }, message: 'slow down' } : fakeHuntModel(request);
    },
  });
  const limitedStack = await startTestStack(
    {
      ENRICH_PROVIDER: 'openrouter',
      OPENROUTER_API_KEY: 'test-key',
      OPENROUTER_BASE_URL: limited.baseURL,
      ENRICH_SEARCH_URL: web.baseUrl,
      ENRICH_FETCH_ALLOW_PRIVATE: '1',
      WORKER_CONCURRENCY: '1',
    },
    { services: ['enrich-worker', 'billing'] },
  );
  try {
    const agent = await limitedStack.api.mintAgent();
    await limitedStack.api.credit(agent.agent_id, 20);
    const csv = ['Company,City,State', 'Haney Furniture Co,Pittsburgh,PA', 'Nobody Here LLC,Nome,AK', 'Allegheny Nothing,Erie,PA'].join('\n');
    const job = (await limitedStack.api.upload(csv, { bearer: agent.token, fields: { auto_start: 'true' } })).body;
    const done = await limitedStack.api.waitForBatch(job.id, agent.token, (j) => j.status === 'completed');
    assert.deepEqual([done.counts.matched, done.counts.empty, done.counts.failed], [1, 2, 0]);
    // A lower bound only (load can only make it later): nothing was asked of the model during the pause.
    assert.ok(times[1]! - times[0]! >= 900, `next model call ${times[1]! - times[0]!} ms after the 429`);
  } finally {
    await limitedStack.close();
    await limited.close();
  }
});
