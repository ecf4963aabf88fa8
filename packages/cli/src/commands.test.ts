import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { ProgressView } from './progress.ts';
import { readEventStream } from './event-stream.ts';

const BIN = fileURLToPath(new URL('../bin/batch-enrich.mjs', import.meta.url));

const job = (status: string, done: number, pending: number, spent: number) => ({
  id: 'job-1',
  status,
  paused_reason: status === 'paused' ? 'insufficient_balance' : null,
  file_row_count: 4,
  row_count: 4,
  counts: { pending, queued: 0, running: 0, done, matched: done, empty: 0, failed: 0, skipped: 0, invalid: 0 },
  spent_usd: spent,
});

// A stand-in API whose event stream sends three job events, then ends the job.
let server: Server;
let base = '';
let polled = 0;
const rowQueries: string[] = [];
before(async () => {
  server = createServer((req, res) => {
    if (req.headers.authorization !== 'Bearer t') return void res.writeHead(401).end();
    if (req.url === '/api/v1/batch/enrich/job-1') {
      polled += 1;
      return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(job('running', 0, 4, 0)));
    }
    if (req.url === '/api/v1/batch/enrich/job-1/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(': hello\n\n');
      res.write(`event: job\ndata: ${JSON.stringify(job('running', 2, 2, 0.5))}\n\n`);
      res.write(`event: row\ndata: {"row_index":1}\n\n`);
      setTimeout(() => res.end(`event: job\r\ndata: ${JSON.stringify({ job: job('completed', 4, 0, 1) })}\r\n\r\n`), 300);
      return;
    }
    if (req.url?.startsWith('/api/v1/batch/enrich/job-1/rows?')) {
      const query = new URL(req.url, 'http://x').searchParams;
      rowQueries.push(query.toString());
      const second = query.get('cursor') === 'c1';
      const row = (i: number) => ({ row_index: i, status: 'done', matched: i % 2 === 0, spent_usd: i % 2 === 0 ? 0.25 : 0, chat_title: `Lead ${i} — Erie, PA` });
      const body = second ? { rows: [row(2)], next_cursor: null } : { rows: [row(0), row(1)], next_cursor: 'c1' };
      return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    }
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"code":"not_found","message":"No such endpoint."}}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise((resolve) => server.close(resolve)));

function run(args: string[]) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(BIN, [...args, '--url', base, '--token', 't'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c));
    child.stderr.on('data', (c: Buffer) => (stderr += c));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

test('watch follows the event stream to completion (no polling once it streams)', async () => {
  const watched = await run(['watch', 'job-1']);
  assert.equal(watched.code, 0, watched.stderr);
  assert.equal(polled, 1, 'one GET of the job, then the stream');
  assert.equal(watched.stderr.match(/completed\n/g)?.length, 1, 'the final state once');
  assert.match(watched.stderr, /100%\s+4\/4 rows.*matched 4\s+spent 1\.00 USD\s+completed/);
  assert.match(watched.stdout, /^completed: 4 rows \(matched 4, empty 0, failed 0\), spent 1\.00 USD$/m);
});

test('rows follows next_cursor through every page, with the status filter', async () => {
  const listed = await run(['rows', 'job-1', '--status', 'done']);
  assert.equal(listed.code, 0, listed.stderr);
  assert.deepEqual(listed.stdout.trimEnd().split('\n'), [
    '0\tdone\tmatched\t0.25\tLead 0 — Erie, PA',
    '1\tdone\tempty\t0.00\tLead 1 — Erie, PA',
    '2\tdone\tmatched\t0.25\tLead 2 — Erie, PA',
  ]);
  assert.deepEqual(rowQueries, ['status=done&limit=500', 'status=done&limit=500&cursor=c1']);
  const missing = await run(['rows', 'job-2']);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /No such endpoint\. \[not_found, HTTP 404\]/);
});

test('on a terminal the bar redraws one line with rows/s and an ETA', () => {
  let written = '';
  let clock = 0;
  const view = new ProgressView({ write: (s: string) => ((written += s), true) } as unknown as NodeJS.WritableStream, true, () => clock);
  view.update(job('running', 0, 10, 0));
  clock = 2000;
  view.update(job('running', 4, 6, 1));
  assert.match(written, /\r\x1b\[2K\[#{10}-{14}\]\s+40%\s+4\/10 rows\s+2\.0 rows\/s\s+ETA 3s\s+matched 4\s+spent 1\.00 USD\s+running$/);
  assert.doesNotMatch(written, /\n/, 'a single line, redrawn');
});

test('the event-stream reader handles comments, CRLF, multi-line data and split chunks', async () => {
  const chunks = [': ping\n\nevent: job\nda', 'ta: {"a":\ndata: 1}\n\r\nevent: row\r\ndata: x\r\n\r\n'];
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const c of chunks) controller.enqueue(new TextEncoder().encode(c));
      controller.close();
    },
  });
  const events = [];
  for await (const e of readEventStream(body)) events.push(e);
  assert.deepEqual(events, [
    { event: 'job', data: '{"a":\n1}' },
    { event: 'row', data: 'x' },
  ]);
});
