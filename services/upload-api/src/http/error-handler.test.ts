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
