import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { huntKeys } from '@bej/queue';
import { openSse, type SseFrame } from './support/sse-client.ts';
import { startTestStack, type ApiResponse, type TestStack } from './support/test-stack.ts';
import type { RowEvent, RowSummary, SearchVariant } from './support/api-types.ts';

let stack: TestStack;
before(async () => {
  stack = await startTestStack({ WORKER_CONCURRENCY: '2', LIVE_HEARTBEAT_MS: '200', LIVE_JOB_REFRESH_MS: '300' });
});
after(async () => {
  await stack?.close();
});

const CSV = [
  'Company,Address,City,State,Zip,Phone,Fax',
  'Haney Furniture Co,100 Main St,Pittsburgh,PA,15213,,',
  'Nobody Here LLC,1 Nowhere Rd,Nome,AK,99762,,',
  'Unknown Name Inc,9 Elsewhere Ave,Erie,PA,16501,,(412) 555-0101',
].join('\n');

const rowsOf = (frames: SseFrame[]) => frames.filter((f) => f.event === 'row');
const jobsOf = (frames: SseFrame[]) => frames.filter((f) => f.event === 'job');

test('owner sees every row hunt event in order, a Batch token sees job counts only, another agent sees nothing; resume after Last-Event-ID', async () => {
  const { api, base } = stack;
  const owner = await api.mintAgent();
  const stranger = await api.mintAgent();
  await api.credit(owner.agent_id, 20);
  const uploaded = (await api.upload(CSV)).body;
  const token = uploaded.upload_token as string;
  assert.equal((await api.request('POST', `/api/v1/batch/enrich/${uploaded.id}/link`, { bearer: owner.token, json: { upload_token: token } })).status, 200);
  const url = `${base}/api/v1/batch/enrich/${uploaded.id}/events`;

  const ownerStream = await openSse(url, { authorization: `Bearer ${owner.token}` });
  const batchStream = await openSse(url, { authorization: `Batch ${token}` });
  const strangerStream = await openSse(url, { authorization: `Bearer ${stranger.token}` });
  assert.equal(ownerStream.status, 200);
  assert.equal(batchStream.status, 200);
  assert.equal(strangerStream.status, 404, 'another agent cannot open the stream');
  assert.equal((await openSse(url, {})).status, 401);
  await ownerStream.waitFor((f) => jobsOf(f).length > 0);
  assert.equal(jobsOf(ownerStream.frames)[0]!.data.status, 'uploaded', 'the current job object comes first');

  // Garbage on the job's channel is ignored, never a crash or a leak into the stream.
  const channel = huntKeys.channel(stack.prefix, uploaded.id);
  await stack.redis.publish(channel, 'not json');
  await stack.redis.publish(channel, JSON.stringify({ kind: 'row', id: '1-1', event: { row_index: 'x' } }));
  assert.equal((await api.request('POST', `/api/v1/batch/enrich/${uploaded.id}/start`, { bearer: owner.token })).status, 202);
  const finals = new Set(['row_done', 'row_empty', 'row_failed']);
  await ownerStream.waitFor((f) => rowsOf(f).filter((r) => finals.has(r.data.type)).length === 3 && jobsOf(f).at(-1)?.data.status === 'completed');
  await batchStream.waitFor((f) => jobsOf(f).at(-1)?.data.status === 'completed');

  const rows = rowsOf(ownerStream.frames);
  const ids = rows.map((r) => r.id!);
  assert.ok(ids.every((id, i) => i === 0 || compare(ids[i - 1]!, id) < 0), 'ids strictly increase');
  for (const rowIndex of [0, 1, 2]) {
    const mine = rows.filter((r) => r.data.row_index === rowIndex).map((r) => r.data.type);
    assert.equal(mine[0], 'row_started', `row ${rowIndex} starts with row_started`);
    assert.ok(mine.includes('pass_started'));
    assert.ok(finals.has(mine.at(-1)!), `row ${rowIndex} ends with its outcome`);
  }
  const typesOfRow = (i: number) => rows.filter((r) => r.data.row_index === i).map((r) => r.data.type);
  assert.equal(typesOfRow(0).at(-1), 'row_done');
  assert.equal(typesOfRow(1).at(-1), 'row_empty');
  assert.equal(typesOfRow(2).filter((t) => t === 'pass_started').length, 2, 'the supplement pass shows as a second pass');
  const done = rows.find((r) => r.data.type === 'row_done')!;
  assert.deepEqual([done.data.status, done.data.matched], ['done', true]);
  assert.ok(!JSON.stringify(rows).includes('Haney'), 'hunt events carry no lead values (directory provider)');

  assert.equal(rowsOf(batchStream.frames).length, 0, 'a Batch token never receives row events');
  assert.ok(jobsOf(batchStream.frames).length >= 2);
  assert.ok(!JSON.stringify(batchStream.frames).includes('Haney'));
  const lastJob = jobsOf(batchStream.frames).at(-1)!.data;
  assert.deepEqual([lastJob.counts.matched, lastJob.counts.empty, lastJob.counts.done], [2, 1, 3]);
  await ownerStream.waitFor((f) => f.some((x) => x.comment === 'heartbeat'));

  // Resume: everything after the third row event, exactly once, in the same order.
  const resumed = await openSse(url, { authorization: `Bearer ${owner.token}`, 'last-event-id': ids[2]! });
  await resumed.waitFor((f) => rowsOf(f).length >= ids.length - 3);
  assert.deepEqual(rowsOf(resumed.frames).map((r) => r.id), ids.slice(3));
  assert.equal(jobsOf(resumed.frames)[0]!.data.status, 'completed');
  const batchResume = await openSse(url, { authorization: `Batch ${token}`, 'last-event-id': ids[0]! });
  await batchResume.waitFor((f) => jobsOf(f).length > 0);
  assert.equal(rowsOf(batchResume.frames).length, 0, 'resume never replays row events to a Batch token');

  // The stranger's own job stream sees none of it.
  const theirs = (await api.upload(CSV, { bearer: stranger.token })).body;
  const theirStream = await openSse(`${base}/api/v1/batch/enrich/${theirs.id}/events`, { authorization: `Bearer ${stranger.token}`, 'last-event-id': ids[0]! });
  await theirStream.waitFor((f) => jobsOf(f).length > 0 && f.some((x) => x.comment === 'heartbeat'));
  assert.equal(rowsOf(theirStream.frames).length, 0);
  for (const s of [ownerStream, batchStream, resumed, batchResume, theirStream]) s.close();
});

test('rows list (status filter, cursor pages) and one row (input, variants, chat title, result without tool_trace, events)', async () => {
  const { api } = stack;
  const owner = await api.mintAgent();
  const other = await api.mintAgent();
  await api.credit(owner.agent_id, 20);
  const job = (await api.upload(CSV, { bearer: owner.token, fields: { auto_start: 'true' } })).body;
  await api.waitForBatch(job.id, owner.token, (j) => j.status === 'completed');
  const path = `/api/v1/batch/enrich/${job.id}`;

  const all = await api.request('GET', `${path}/rows`, { bearer: owner.token });
  assert.equal(all.status, 200);
  assert.deepEqual(all.body.rows.map((r: RowSummary) => [r.row_index, r.status, r.matched, r.spent_usd]), [
    [0, 'done', true, 0.25],
    [1, 'done', false, 0],
    [2, 'done', true, 0.25],
  ]);
  assert.equal(all.body.rows[0].chat_title, 'Haney Furniture Co — Pittsburgh, PA');
  assert.equal(all.body.next_cursor, null);

  const seen: number[] = [];
  let cursor: string | null = null;
  do {
    const page: ApiResponse<{ rows: RowSummary[]; next_cursor: string | null }> = await api.request('GET', `${path}/rows?limit=1${cursor ? `&cursor=${cursor}` : ''}`, { bearer: owner.token });
    seen.push(...page.body.rows.map((r: RowSummary) => r.row_index));
    cursor = page.body.next_cursor;
  } while (cursor);
  assert.deepEqual(seen, [0, 1, 2]);
  assert.deepEqual((await api.request('GET', `${path}/rows?status=empty`, { bearer: owner.token })).body.rows.map((r: RowSummary) => r.row_index), [1]);
  assert.deepEqual((await api.request('GET', `${path}/rows?status=matched,failed`, { bearer: owner.token })).body.rows.map((r: RowSummary) => r.row_index), [0, 2]);
  assert.equal((await api.request('GET', `${path}/rows?status=bogus`, { bearer: owner.token })).status, 400);
  assert.equal((await api.request('GET', `${path}/rows?cursor=zzz`, { bearer: owner.token })).status, 400);
  assert.equal((await api.request('GET', `${path}/rows`, { bearer: other.token })).status, 404);
  assert.equal((await api.request('GET', `${path}/rows/0`, { bearer: other.token })).status, 404);

  const row = await api.request('GET', `${path}/rows/2`, { bearer: owner.token });
  assert.equal(row.status, 200);
  assert.equal(row.body.input.company, 'Unknown Name Inc');
  assert.deepEqual(row.body.search_variants.map((v: SearchVariant) => v.kind), ['phone']);
  assert.equal(row.body.result.contacts[0].display_name, 'Dana Haney');
  assert.ok(!('tool_trace' in row.body.result), 'tool_trace is never shown');
  const types = row.body.events.map((e: RowEvent) => e.type);
  assert.equal(types[0], 'row_started');
  assert.equal(types.at(-1), 'row_done');
  assert.ok(row.body.events.every((e: RowEvent) => typeof e.at === 'string' && e.message.length > 0));
  assert.ok(Date.parse(row.body.events[0].at) <= Date.parse(row.body.events.at(-1).at));
  assert.equal((await api.request('GET', `${path}/rows/99`, { bearer: owner.token })).status, 404);
});

function compare(a: string, b: string): number {
  const [am, as] = a.split('-').map(BigInt) as [bigint, bigint];
  const [bm, bs] = b.split('-').map(BigInt) as [bigint, bigint];
  return am === bm ? Number(as - bs) : am < bm ? -1 : 1;
}
