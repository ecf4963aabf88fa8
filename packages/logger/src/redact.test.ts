import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { DrizzleQueryError } from 'drizzle-orm/errors';
import winston from 'winston';
import { createLogger, scrubErrorInPlace, scrubText, serializeError } from './index.ts';

/** What pg throws for a bad value: the value quoted in the message, the row in `detail`. */
function pgError(message: string, detail: string): Error {
  return Object.assign(new Error(message), { code: '22P02', detail, where: 'unnamed portal parameter $3 = \'Acme Secret Co\'', table: 'batch_enrich_row', severity: 'ERROR' });
}

function capture() {
  const chunks: string[] = [];
  const stream = new Writable({ write: (c, _e, done) => (chunks.push(String(c)), done()) });
  return { logger: createLogger('t', 'debug', [new winston.transports.Stream({ stream })]), text: () => chunks.join('') };
}

test('drizzle query errors lose their parameters, in the message and in the stack', () => {
  const err = new DrizzleQueryError('insert into "batch_enrich_row" values ($1, $2)', ['Acme Secret Co', '412-555-0199'], pgError('boom', 'x'));
  const safe = serializeError(err) as { message: string; stack: string; cause: { message: string } };
  assert.match(safe.message, /^Failed query: insert into "batch_enrich_row"/);
  assert.match(safe.message, /params: \[redacted\]/);
  assert.ok(!JSON.stringify(safe).includes('Acme Secret Co'));
  assert.ok(!JSON.stringify(safe).includes('412-555-0199'));
  assert.match(safe.stack, /\n\s+at /, 'the frames stay');
});

test('PostgreSQL errors keep code and table, lose quoted input, detail and where', () => {
  const safe = serializeError(pgError('invalid input syntax for type uuid: "Acme Secret Co"', 'Key (company)=(Acme Secret Co) already exists.'));
  const text = JSON.stringify(safe);
  assert.ok(!text.includes('Acme Secret Co'), text);
  assert.equal((safe as unknown as { code: string }).code, '22P02');
  assert.equal((safe as unknown as { table: string }).table, 'batch_enrich_row');
  assert.match(text, /invalid input syntax for type uuid: \\"\[redacted\]\\"/);
  assert.equal(scrubText('Key (zip)=(15213) already exists'), 'Key (zip)=([redacted]) already exists');
  assert.equal(scrubText('Failing row contains (1, Acme, 15213).'), 'Failing row contains ([redacted]).');
  assert.equal(scrubText('Token "Acme" is invalid.'), 'Token "[redacted]" is invalid.');
});

test('anything shaped like our tokens or an Authorization value is redacted', () => {
  assert.equal(scrubText('sent bej_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_ to x'), 'sent bej_[redacted] to x');
  assert.equal(scrubText('bup_0123456789abcdef0123 and whsec_0123456789abcdefABCD'), 'bup_[redacted] and whsec_[redacted]');
  assert.equal(scrubText('header was "Bearer abc.def.ghi.jkl" then Batch xyz0123456789xyz'), 'header was "Bearer [redacted]" then Batch [redacted]');
  assert.equal(scrubText('batch paused; Batch completed for job'), 'batch paused; Batch completed for job');
  assert.equal(scrubText('GET /admin/queues?admin_token=s3cret&x=1'), 'GET /admin/queues?admin_token=[redacted]&x=1');
});

test('the logger applies all of it to whatever callers pass', () => {
  const { logger, text } = capture();
  const err = new DrizzleQueryError('update x set y = $1', ['Acme Secret Co'], pgError('invalid input syntax for type json', 'Token "Acme Secret Co" is invalid.'));
  logger.error('request failed', { error_id: 'e1', err, nested: { err: err.message }, auth: 'Bearer bej_0123456789abcdefghij' });
  logger.debug(err);
  const out = text();
  assert.ok(out.includes('"error_id":"e1"'));
  assert.ok(out.includes('Failed query: update x set y = $1'));
  assert.ok(!out.includes('Acme Secret Co'), out);
  assert.ok(!out.includes('0123456789abcdefghij'), out);
});

test('errors rethrown to a queue are scrubbed in place and keep their class', () => {
  class Unrecoverable extends Error {}
  const err = Object.assign(new Unrecoverable('Failed query: select 1\nparams: Acme Secret Co'), { params: ['Acme Secret Co'], detail: 'x' });
  const same = scrubErrorInPlace(err);
  assert.equal(same, err);
  assert.ok(err instanceof Unrecoverable);
  assert.equal(err.message, 'Failed query: select 1\nparams: [redacted]');
  assert.ok(!(err.stack ?? '').includes('Acme Secret Co'));
  assert.ok(!('params' in err) && !('detail' in err));
});
