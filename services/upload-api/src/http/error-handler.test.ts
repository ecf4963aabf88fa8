import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { DrizzleQueryError } from 'drizzle-orm/errors';
import express from 'express';
import winston from 'winston';
import { createLogger } from '@bej/logger';
import { errorHandler } from './error-handler.ts';

test('an unknown error is a 500 with an error_id that is in the log; the log has no query values, the answer no details', async () => {
  const chunks: string[] = [];
  const stream = new Writable({ write: (c, _e, done) => (chunks.push(String(c)), done()) });
  const logger = createLogger('upload-api', 'debug', [new winston.transports.Stream({ stream })]);
  const app = express();
  app.post('/boom', () => {
    throw new DrizzleQueryError('insert into "batch_enrich_row" values ($1)', ['Secret Lead Co'], Object.assign(new Error('value too long'), { code: '22001', detail: 'Secret Lead Co' }));
  });
  app.use(errorHandler(logger, 1));
  const server = app.listen(0);
  await new Promise((resolve) => server.once('listening', resolve));
  try {
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/boom`, { method: 'POST', headers: { authorization: 'Bearer bej_supersecrettokenvalue0000' } });
    assert.equal(res.status, 500);
    const body = (await res.json()) as { error: { code: string; message: string; error_id: string } };
    assert.equal(body.error.code, 'internal_error');
    assert.match(body.error.error_id, /^[0-9a-f-]{36}$/);
    assert.ok(!JSON.stringify(body).includes('insert'), 'no internals in the answer');
    const log = chunks.join('');
    assert.ok(log.includes(body.error.error_id), 'the error id is in the log');
    assert.ok(log.includes('"code":"22001"'), 'the cause is kept for the operator');
    assert.ok(!log.includes('Secret Lead Co'), log);
    assert.ok(!log.includes('supersecrettokenvalue'), log);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});

/** Two chunks, then (once the client has read some) the source fails: a CSV page query or an event source breaking mid-stream. */
async function* brokenSource(clientHasRead: Promise<void>): AsyncGenerator<string> {
  yield 'row_index,enrich_status\n';
  yield '0,done\n';
  await clientHasRead;
  throw new Error('page 2 could not be read');
}

for (const [kind, contentType] of [
  ['a CSV download', 'text/csv; charset=utf-8'],
  ['an event stream', 'text/event-stream; charset=utf-8'],
] as const) {
  test(`${kind} that fails mid-way is cut off, never followed by an error body; the error is logged once with its id`, async () => {
    const chunks: string[] = [];
    const stream = new Writable({ write: (c, _e, done) => (chunks.push(String(c)), done()) });
    const logger = createLogger('upload-api', 'debug', [new winston.transports.Stream({ stream })]);
    const escaped: unknown[] = [];
    let readSome!: () => void;
    const clientHasRead = new Promise<void>((resolve) => (readSome = resolve));
    const app = express();
    app.get('/stream', async (_req, res) => {
      res.status(200).setHeader('Content-Type', contentType);
      for await (const chunk of brokenSource(clientHasRead)) {
        if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve));
      }
      res.end();
    });
    app.use(errorHandler(logger, 1));
    // Anything the error handler itself throws (ERR_HTTP_HEADERS_SENT from writing a JSON body) lands here.
    app.use(((err, _req, _res, next) => {
      escaped.push(err);
      next(err);
    }) as express.ErrorRequestHandler);
    const server = app.listen(0);
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/stream`);
      assert.equal(res.status, 200);
      const reader = res.body!.getReader();
      const first = await reader.read();
      assert.match(Buffer.from(first.value!).toString(), /^row_index/);
      readSome();
      const rest = (async () => {
        for (;;) if ((await reader.read()).done) return;
      })();
      await assert.rejects(rest, 'the body ends without its last chunk: the client sees a failed download, not a short file');
      assert.deepEqual(escaped, [], 'the error handler wrote nothing after the response had started');
      const log = chunks.join('');
      const line = log.split('\n').find((l) => l.includes('the response is cut off'));
      assert.ok(line, log);
      assert.match(line, /"error_id":"[0-9a-f-]{36}"/);
      assert.match(line, /page 2 could not be read/);
      assert.ok(!log.includes('internal_error'), 'no JSON error body was attempted');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
}
