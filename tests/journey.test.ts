import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { readCsvUploadSync } from '@bej/csv';
import { getBalanceMicro, ledgerSumMicro, microToUsd } from '@bej/db';
import { readCsv } from './support/read-csv.ts';
import { repoRoot, startTestStack, type TestStack } from './support/test-stack.ts';

// examples/leads.csv was designed with 29 directory matches, 9 misses and 2 invalid rows.
const LEADS = readFileSync(`${repoRoot}examples/leads.csv`);
const EXPECTED = { rows: 40, matched: 29, empty: 9, invalid: 2 };
const PRICE = 0.25;

let stack: TestStack;
before(async () => {
  stack = await startTestStack({ WORKER_CONCURRENCY: '8' });
});
after(async () => {
  await stack?.close();
});

/** Every cell of the sample of 4+ characters, as the real parser reads them: none may appear in a job object or preview. */
function sampleValues(): string[] {
  const cells = readCsvUploadSync(LEADS)
    .parsed.rows.flat()
    .map((c) => c.trim())
    .filter((c) => c.length >= 4 && !/^(true|false|null)$/i.test(c));
  return [...new Set(cells)];
}

test('anonymous upload → link → 402 below minimum → credit → start → completed with exact spend', async () => {
  const { api } = stack;
  const uploaded = await api.upload(LEADS);
  assert.equal(uploaded.status, 201, uploaded.text);
  const job = uploaded.body;
  assert.match(job.upload_token, /^\S{20,}$/);
  assert.equal(job.status, 'uploaded');
  assert.equal(job.file_row_count, EXPECTED.rows);
  assert.equal(job.stored_row_count, EXPECTED.rows);
  assert.equal(job.row_count, EXPECTED.rows - EXPECTED.invalid);
  assert.equal(job.process_limit, null);
  assert.deepEqual(job.counts, { pending: 38, queued: 0, running: 0, done: 0, matched: 0, empty: 0, failed: 0, skipped: 0, invalid: 2 });
  assert.equal(job.mapping.source, 'fast_path');
  assert.equal(job.mapping.delimiter, ',');
  assert.deepEqual(job.mapping.columns.street, ['Address', 'Address 2']);
  assert.equal(job.paused_reason, null);
  assert.equal(typeof job.spent_usd, 'number');

  // The upload token reads this job and nothing else.
  const byToken = await api.request('GET', `/api/v1/batch/enrich/${job.id}`, { batch: job.upload_token });
  assert.equal(byToken.status, 200);
  assert.equal(byToken.body.upload_token, undefined, 'the token is shown once');
  assert.equal((await api.request('GET', `/api/v1/batch/enrich/${job.id}/preview`, { batch: job.upload_token })).status, 200);
  assert.equal((await api.request('GET', `/api/v1/batch/enrich/${job.id}`)).status, 401);
  assert.equal((await api.request('GET', `/api/v1/batch/enrich/${job.id}`, { batch: 'bup_wrong' })).status, 404);
  assert.equal((await api.request('GET', `/api/v1/batch/enrich/${job.id}/download.csv`, { batch: job.upload_token })).status, 401);
  assert.equal((await api.request('POST', `/api/v1/batch/enrich/${job.id}/start`, { batch: job.upload_token })).status, 401);

  const owner = await api.mintAgent();
  const stranger = await api.mintAgent();
  assert.equal((await api.request('GET', `/api/v1/batch/enrich/${job.id}`, { bearer: owner.token })).status, 404, 'not linked yet');
  const wrongLink = await api.request('POST', `/api/v1/batch/enrich/${job.id}/link`, { bearer: owner.token, json: { upload_token: 'bup_nope' } });
  assert.equal(wrongLink.status, 404);
  const linked = await api.request('POST', `/api/v1/batch/enrich/${job.id}/link`, { bearer: owner.token, json: { upload_token: job.upload_token } });
  assert.equal(linked.status, 200, linked.text);
  assert.equal(linked.body.id, job.id);
  const stolen = await api.request('POST', `/api/v1/batch/enrich/${job.id}/link`, { bearer: stranger.token, json: { upload_token: job.upload_token } });
  assert.equal(stolen.status, 409);
  for (const path of ['', '/preview', '/download.csv']) {
    const res = await api.request('GET', `/api/v1/batch/enrich/${job.id}${path}`, { bearer: stranger.token });
    assert.equal(res.status, 404, `stranger GET ${path}`);
    assert.equal(res.body.error.code, 'not_found');
  }
  assert.equal((await api.request('POST', `/api/v1/batch/enrich/${job.id}/start`, { bearer: stranger.token })).status, 404);

  const broke = await api.request('POST', `/api/v1/batch/enrich/${job.id}/start`, { bearer: owner.token });
  assert.equal(broke.status, 402);
  assert.equal(broke.body.error.code, 'insufficient_balance');
  await api.credit(owner.agent_id, 9.99);
  assert.equal((await api.request('POST', `/api/v1/batch/enrich/${job.id}/start`, { bearer: owner.token })).status, 402, '9.99 < 10');
  await api.credit(owner.agent_id, 10.01);

  const started = await api.request('POST', `/api/v1/batch/enrich/${job.id}/start`, { bearer: owner.token });
  assert.equal(started.status, 202, started.text);
  assert.equal(started.body.status, 'running');
  const again = await api.request('POST', `/api/v1/batch/enrich/${job.id}/start`, { bearer: owner.token });
  assert.equal(again.status, 409);
  assert.equal(again.body.error.code, 'invalid_state');

  const done = await api.waitForBatch(job.id, owner.token, (j) => j.status === 'completed');
  assert.deepEqual(done.counts, {
    pending: 0,
    queued: 0,
    running: 0,
    done: EXPECTED.matched + EXPECTED.empty,
    matched: EXPECTED.matched,
    empty: EXPECTED.empty,
    failed: 0,
    skipped: 0,
    invalid: EXPECTED.invalid,
  });
  assert.equal(done.spent_usd, EXPECTED.matched * PRICE);

  const me = await api.request('GET', '/api/v1/agents/me', { bearer: owner.token });
  assert.equal(me.body.balance_usd, 20 - EXPECTED.matched * PRICE);
  const balance = await getBalanceMicro(stack.database.db, owner.agent_id);
  assert.equal(await ledgerSumMicro(stack.database.db, owner.agent_id), balance);
  assert.equal(microToUsd(balance ?? -1), me.body.balance_usd);

  const preview = await api.request('GET', `/api/v1/batch/enrich/${job.id}/preview`, { bearer: owner.token });
  assert.deepEqual(Object.keys(preview.body).sort(), ['counts', 'found', 'id', 'spent_usd', 'status']);
  assert.ok(preview.body.found.people > 0 && preview.body.found.phones > 0 && preview.body.found.emails > 0);
  assert.equal(preview.body.spent_usd, EXPECTED.matched * PRICE);

  // Nothing from the file leaks into the job object or the preview.
  const exposed = JSON.stringify(done) + JSON.stringify(preview.body) + JSON.stringify(byToken.body);
  const leaked = sampleValues().filter((value) => exposed.toLowerCase().includes(value.toLowerCase()));
  assert.deepEqual(leaked, []);

  const csv = await api.request('GET', `/api/v1/batch/enrich/${job.id}/download.csv`, { bearer: owner.token });
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type') ?? '', /^text\/csv/);
  const [header, ...rows] = readCsv(csv.text);
  assert.deepEqual(header!.slice(0, 5), ['row_index', 'enrich_status', 'enrich_matched', 'enrich_spent_usd', 'input.contact_id']);
  for (const column of ['input.company', 'input.street', 'contacts.0.display_name', 'phones.0.e164', 'emails.0.address', 'entities.0.legal_name', 'confidence', 'summary_markdown']) {
    assert.ok(header!.includes(column), `column ${column}`);
  }
  assert.ok(!header!.some((c) => c.includes('tool_trace')), 'tool_trace never written');
  assert.equal(rows.length, EXPECTED.rows);
  assert.deepEqual(rows[0]!.slice(0, 4), ['0', 'done', 'true', '0.25']);
  assert.equal(rows[0]![header!.indexOf('input.street')], '100 Main St Suite 200', 'address line 2 merged into street');
  const outcome = (row: string[]) => row.slice(1, 4).join(',');
  assert.equal(rows.filter((r) => outcome(r) === 'done,true,0.25').length, EXPECTED.matched);
  assert.equal(rows.filter((r) => outcome(r) === 'invalid,false,0').length, EXPECTED.invalid);
});
