import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CallbackLogSchema, BatchObjectSchema } from '../services/upload-api/src/openapi/response.schemas.ts';
import { readCsv } from './support/read-csv.ts';
import { startTestStack, type TestStack } from './support/test-stack.ts';

let stack: TestStack;
before(async () => {
  // A 2 MB body limit: the app-wide JSON limit is 1 MB, a headless batch may be as large as a file.
  stack = await startTestStack({ BATCH_ENRICH_MAX_UPLOAD_BYTES: '2000000', RATE_LIMIT_UPLOAD: '20/1m' });
});
after(async () => {
  await stack?.close();
});

const rows = [
  { company: 'Haney Furniture Co', street: '100 Main St', city: 'Pittsburgh', state: 'pa', zip: 15213 },
  { contact_id: 'CRM-2', company: 'Nobody Anywhere Ltd', city: 'Erie', state: 'PA' },
  { dm_name: 'Only A Name' },
  // Matches only through its variant: the primary name is unknown, the trading name is not.
  { company: 'Unknown Primary Name', other_name: 'Haney Home LLC', city: 'Pittsburgh', state: 'PA', zip: '15213' },
];
const plainRows = rows.slice(0, 3);

test('a headless batch runs end to end, and a retried request returns the first job', async () => {
  const { api } = stack;
  const agent = await api.mintAgent();
  await api.credit(agent.agent_id, 20);
  const body = { rows, search_variants: [{ header: 'other_name', kind: 'company' }], auto_start: true, max_spend_usd: 5 };
  const headers = { 'idempotency-key': 'batch-2026-12-01-a' };
  const first = await api.request('POST', '/api/v1/batch/enrich', { bearer: agent.token, json: body, headers });
  assert.equal(first.status, 201, first.text);
  const job = first.body;
  BatchObjectSchema.parse(job); // the documented job object is the one served
  assert.equal(job.mapping.source, 'headless');
  assert.equal(job.file_row_count, 4);
  assert.equal(job.stored_row_count, 4);
  assert.equal(job.row_count, 3, 'the row with neither company nor address is invalid');
  assert.equal(job.counts.invalid, 1);
  assert.equal(job.max_spend_usd, 5);
  assert.equal(job.status, 'running', 'auto_start with enough balance');
  assert.equal(first.headers.get('idempotent-replayed'), null);
  assert.doesNotMatch(JSON.stringify(job), /Haney|Nobody|Only A Name/, 'no row values in the job object');

  // The client did not see the answer and sends the same request again: same job, no second one.
  const retry = await api.request('POST', '/api/v1/batch/enrich', { bearer: agent.token, json: { ...body, rows: body.rows.map((r) => ({ ...r })) }, headers });
  assert.equal(retry.status, 201);
  assert.equal(retry.body.id, job.id);
  assert.equal(retry.headers.get('idempotent-replayed'), 'true');
  const count = await stack.database.pool.query('select count(*)::int as n from batch_enrich_job where agent_id = $1', [agent.agent_id]);
  assert.equal(count.rows[0].n, 1);

  // Same key, another body: refused, pointing at the first job.
  const reused = await api.request('POST', '/api/v1/batch/enrich', { bearer: agent.token, json: { rows: rows.slice(0, 1) }, headers });
  assert.equal(reused.status, 422);
  assert.equal(reused.body.error.code, 'idempotency_key_reused');
  assert.equal(reused.body.error.job_id, job.id);
  // Keys belong to one agent: another agent's same key is a new batch.
  const other = await api.mintAgent();
  const theirs = await api.request('POST', '/api/v1/batch/enrich', { bearer: other.token, json: { rows: rows.slice(0, 1) }, headers });
  assert.equal(theirs.status, 201);
  assert.notEqual(theirs.body.id, job.id);

  const done = await api.waitForBatch(job.id, agent.token, (j) => j.status === 'completed');
  BatchObjectSchema.parse(done);
  CallbackLogSchema.parse((await api.request('GET', `/api/v1/batch/enrich/${job.id}/callbacks`, { bearer: agent.token })).body);
  assert.equal(done.counts.matched, 2, 'the primary match and the variant match');
  assert.equal(done.counts.empty, 1);
  assert.equal(done.spent_usd, 0.5);
  const csv = await api.request('GET', `/api/v1/batch/enrich/${job.id}/download.csv`, { bearer: agent.token });
  const [header, ...csvRows] = readCsv(csv.text);
  assert.ok(!header!.some((h) => h.startsWith('file.')), 'a headless batch has no file columns');
  assert.equal(csvRows.length, 4);
  const cell = (row: string[], column: string) => row[header!.indexOf(column)];
  assert.deepEqual([cell(csvRows[0]!, 'input.state'), cell(csvRows[0]!, 'input.zip')], ['PA', '15213'], 'state upper-cased, zip given as a number kept as text');
  assert.ok(csvRows[1]!.some((c) => c.includes('CRM-2')));
});

test('concurrent requests with one key create one job', async () => {
  const { api } = stack;
  const agent = await api.mintAgent();
  const send = () =>
    api.request('POST', '/api/v1/batch/enrich', { bearer: agent.token, json: { rows: plainRows }, headers: { 'idempotency-key': 'same-moment' } });
  const answers = await Promise.all([send(), send(), send(), send()]);
  assert.deepEqual(answers.map((a) => a.status), [201, 201, 201, 201]);
  assert.equal(new Set(answers.map((a) => a.body.id)).size, 1);
});

test('headless batches get the same limits and clear validation errors', async () => {
  const { api } = stack;
  const agent = await api.mintAgent();
  const post = (json: unknown) => api.request('POST', '/api/v1/batch/enrich', { bearer: agent.token, json });
  assert.equal((await api.request('POST', '/api/v1/batch/enrich', { json: { rows: plainRows } })).status, 401);
  const notJson = await api.request('POST', '/api/v1/batch/enrich', { bearer: agent.token, headers: { 'content-type': 'text/plain' } });
  assert.equal(notJson.status, 415);
  const stray = await post({ rows });
  assert.equal(stray.status, 400);
  assert.match(stray.body.error.message, /rows\.3\.other_name: unknown field/, 'a key not named in search_variants');
  const empty = await post({ rows: [] });
  assert.equal(empty.status, 400);
  assert.match(empty.body.error.message, /rows/);
  const typo = await post({ rows: [{ compnay: 'X' }] });
  assert.equal(typo.status, 400);
  assert.match(typo.body.error.message, /rows\.0\.compnay: unknown field/);
  const unknownTop = await post({ rows: plainRows, colour: 'blue' });
  assert.equal(unknownTop.status, 400);
  const limited = await post({ rows: plainRows, row_limit: 1 });
  assert.equal(limited.status, 201);
  assert.equal(limited.body.process_limit, 1);
  assert.equal(limited.body.counts.skipped, 2);
  assert.equal(limited.body.counts.pending, 1);
  const tooMany = await post({ rows: Array.from({ length: 10_001 }, (_, i) => ({ company: `Co ${i}` })) });
  assert.equal(tooMany.status, 413);
  assert.equal(tooMany.body.error.code, 'too_many_rows');
  const longRow = (i: number) => ({ company: `Co ${i}`, dm_name: 'x'.repeat(400) });
  const big = await post({ rows: Array.from({ length: 3000 }, (_, i) => longRow(i)) });
  assert.equal(big.status, 201, 'a 1.3 MB batch is over the app-wide JSON limit but within the upload limit');
  const huge = await post({ rows: Array.from({ length: 5000 }, (_, i) => longRow(i)) });
  assert.equal(huge.status, 413);
  assert.equal(huge.body.error.code, 'file_too_large');
  const privateHook = await post({ rows: plainRows, callback_url: 'http://10.0.0.7/hook' });
  assert.equal(privateHook.status, 422);
  assert.equal(privateHook.body.error.code, 'invalid_callback_url');
  const badKey = await api.request('POST', '/api/v1/batch/enrich', { bearer: agent.token, json: { rows: plainRows }, headers: { 'idempotency-key': 'x'.repeat(300) } });
  assert.equal(badKey.status, 400);
  const mapping = await api.request('PUT', `/api/v1/batch/enrich/${limited.body.id}/mapping`, { bearer: agent.token, json: { columns: { company: 'company' } } });
  assert.equal(mapping.status, 409, 'a headless batch has no file mapping to correct');
});

test('headless batches count against the upload rate limit, before their body is read', async () => {
  const { api } = stack;
  const agent = await api.mintAgent();
  const post = () => api.request('POST', '/api/v1/batch/enrich', { bearer: agent.token, json: { rows: plainRows.slice(0, 1) } });
  for (let i = 0; i < 20; i += 1) assert.equal((await post()).status, 201);
  const limited = await post();
  assert.equal(limited.status, 429);
  assert.ok(limited.headers.get('retry-after'));
  const huge = await api.request('POST', '/api/v1/batch/enrich', { bearer: agent.token, json: { rows: Array.from({ length: 5000 }, (_, i) => ({ company: `Co ${i}`, dm_name: 'x'.repeat(400) })) } });
  assert.equal(huge.status, 429, 'refused by the limit, not by reading 2 MB first');
});
