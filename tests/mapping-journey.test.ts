import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startFakeOpenAI, type FakeOpenAI } from '../services/mapper/src/test-support/fake-openai.ts';
import { readCsv } from './support/read-csv.ts';
import { startTestStack, type TestStack } from './support/test-stack.ts';

// A utility extract: no header is an obvious synonym, so the fast path declines it.
const UTILITY_HEADERS = 'CUST_NM,SVC_ADDR1,SVC_CITY,SVC_ST,SVC_ZIP5,PHN_NBR,BILL_NM';
const utilityFile = (rows: number) =>
  [
    UTILITY_HEADERS,
    // Primary name unknown to the directory; the billing name is a directory alias (supplement pass).
    'HH Holdings Group,9 Unknown Way,Pittsburgh,PA,15213,,Haney Home LLC',
    // Nothing matches, not even the variant.
    'Zzyzx Widgets,1 Nowhere Rd,Nome,AK,99762,,Zzyzx Billing Dept',
    ...Array.from({ length: rows - 2 }, (_, i) => `Filler ${i} Corp,${i + 1} Elm St,Erie,PA,16501,,`),
  ].join('\n');

const LLM_ANSWER = {
  columns: { company: 'CUST_NM', street: 'SVC_ADDR1', city: 'SVC_CITY', state: 'SVC_ST', zip: 'SVC_ZIP5', number1: 'PHN_NBR' },
  search_variants: [{ header: 'BILL_NM', kind: 'company' }],
  chat_label: { primary_column: 'CUST_NM', location_columns: ['SVC_CITY', 'SVC_ST'] },
};

let fake: FakeOpenAI;
let stack: TestStack;
before(async () => {
  fake = await startFakeOpenAI({ fallback: { content: LLM_ANSWER } });
  stack = await startTestStack({
    BATCH_ENRICH_LLM_MAP_ENABLED: '1',
    OPENROUTER_API_KEY: 'test-key',
    OPENROUTER_BASE_URL: fake.baseURL,
    BATCH_ENRICH_LLM_PREVIEW_ROWS: '3',
  });
});
after(async () => {
  await stack?.close();
  await fake?.close();
});

test('one LLM call per new header set, capped samples, cache on repeat, per-agent isolation', async () => {
  const { api } = stack;
  const alice = await api.mintAgent();
  const bob = await api.mintAgent();

  const first = await api.upload(utilityFile(8), { bearer: alice.token });
  assert.equal(first.status, 201, first.text);
  assert.equal(first.body.mapping.source, 'llm');
  assert.deepEqual(first.body.mapping.columns, LLM_ANSWER.columns);
  assert.deepEqual(first.body.mapping.search_variants, LLM_ANSWER.search_variants);
  assert.equal(fake.requests.length, 1);
  assert.equal(fake.requests[0]!.sampleRows!.length, 3, 'BATCH_ENRICH_LLM_PREVIEW_ROWS caps the samples');
  assert.equal((fake.requests[0]!.body as { model: string }).model, 'data411-crimson-span');

  const repeat = await api.upload(utilityFile(5), { bearer: alice.token, fields: { row_limit: '2' } });
  assert.equal(repeat.body.mapping.source, 'cache');
  assert.equal(fake.requests.length, 1, 'no call for a header set this agent mapped before');

  const other = await api.upload(utilityFile(5), { bearer: bob.token, fields: { row_limit: '2' } });
  assert.equal(other.body.mapping.source, 'llm');
  assert.equal(fake.requests.length, 2, "bob does not see alice's cache");
  assert.equal(fake.requests[1]!.sampleRows!.length, 2, 'min(row_limit, preview rows)');

  const fast = await api.upload('Company,Address,City,State,Zip\nAcme,1 Main St,Erie,PA,16501\n', { bearer: bob.token });
  assert.equal(fast.body.mapping.source, 'fast_path');
  assert.equal(fake.requests.length, 2, 'the fast path makes no call');

  fake.setFallback({ content: 'I think the columns are probably names and addresses.' });
  const garbage = await api.upload('ACCT_HOLDER_NM,PREM_ADDR,PREM_CITY,PREM_ST,PREM_ZIP\nAcme LLC,1 Main St,Erie,PA,16501\n', { bearer: bob.token });
  assert.equal(garbage.status, 201, garbage.text);
  assert.equal(garbage.body.mapping.source, 'heuristic', 'a bad answer falls through to the heuristics');
  assert.equal(garbage.body.mapping.columns.company, 'ACCT_HOLDER_NM');
  assert.equal(fake.requests.length, 3);
});

test('a row that only matches through its billing name is found by the supplement pass', async () => {
  const { api } = stack;
  fake.setFallback({ content: LLM_ANSWER });
  const agent = await api.mintAgent();
  await api.credit(agent.agent_id, 10);
  const job = (await api.upload(utilityFile(2), { bearer: agent.token, fields: { auto_start: 'true' } })).body;
  const done = await api.waitForBatch(job.id, agent.token, (j) => j.status === 'completed');
  assert.deepEqual([done.counts.matched, done.counts.empty], [1, 1]);
  assert.equal(done.spent_usd, 0.25);
  const csv = await api.request('GET', `/api/v1/batch/enrich/${job.id}/download.csv`, { bearer: agent.token });
  const firstRow = readCsv(csv.text)[1]!;
  assert.deepEqual(firstRow.slice(0, 4), ['0', 'done', 'true', '0.25']);
  assert.ok(firstRow.includes('Haney Furniture Co LLC'), 'the directory record behind the alias');
});

test('PUT mapping re-derives the rows of an unstarted job and teaches the agent cache', async () => {
  const { api } = stack;
  fake.setFallback({ content: 'not json' });
  const agent = await api.mintAgent();
  // Heuristics (after a garbage LLM answer) cannot know that "Ref" is the business name.
  const file = 'Ref,Where,Town,ST,Postcode\nHaney Furniture Co,100 Main St,Pittsburgh,PA,15213\n,,,,\nNo Address Inc,,,,\n';
  const job = (await api.upload(file, { bearer: agent.token })).body;
  const calls = fake.requests.length;

  const bad = await api.request('PUT', `/api/v1/batch/enrich/${job.id}/mapping`, { bearer: agent.token, json: { columns: { company: 'Nope' } } });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.code, 'invalid_mapping');
  const stranger = await api.mintAgent();
  assert.equal((await api.request('PUT', `/api/v1/batch/enrich/${job.id}/mapping`, { bearer: stranger.token, json: {} })).status, 404);

  const corrected = await api.request('PUT', `/api/v1/batch/enrich/${job.id}/mapping`, {
    bearer: agent.token,
    json: { columns: { street: 'Where', city: 'Town', state: 'ST', zip: 'Postcode' } },
  });
  assert.equal(corrected.status, 200, corrected.text);
  assert.equal(corrected.body.mapping.source, 'user');
  assert.deepEqual(corrected.body.mapping.unmapped_headers, ['Ref']);
  assert.deepEqual([corrected.body.row_count, corrected.body.counts.pending, corrected.body.counts.invalid], [1, 1, 1]);

  const corrected2 = await api.request('PUT', `/api/v1/batch/enrich/${job.id}/mapping`, {
    bearer: agent.token,
    json: { columns: { company: 'Ref', street: 'Where', city: 'Town', state: 'ST', zip: 'Postcode' } },
  });
  assert.deepEqual([corrected2.body.row_count, corrected2.body.counts.invalid], [2, 0]);

  // The next file of this shape maps itself from the agent's cache, with no LLM call.
  let again;
  for (let i = 0; i < 50; i += 1) {
    again = await api.upload(file, { bearer: agent.token });
    if (again.body.mapping.source === 'cache') break;
    await new Promise((r) => setTimeout(r, 20)); // the correction reaches the cache through the mapper's queue
  }
  assert.equal(again!.body.mapping.source, 'cache');
  assert.equal(again!.body.mapping.columns.company, 'Ref');
  assert.equal(fake.requests.length, calls);

  await api.credit(agent.agent_id, 10);
  assert.equal((await api.request('POST', `/api/v1/batch/enrich/${job.id}/start`, { bearer: agent.token })).status, 202);
  const late = await api.request('PUT', `/api/v1/batch/enrich/${job.id}/mapping`, { bearer: agent.token, json: { columns: { company: 'Ref' } } });
  assert.equal(late.status, 409);
});
