import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isDatabaseUnavailable } from './database-unavailable.ts';

const wrapped = (cause: unknown) => Object.assign(new Error('Failed query: select 1\nparams: '), { cause });

test('connection failures count as the database being unreachable, however deeply wrapped', () => {
  assert.ok(isDatabaseUnavailable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })));
  assert.ok(isDatabaseUnavailable(wrapped(new Error('Connection terminated unexpectedly'))));
  assert.ok(isDatabaseUnavailable(wrapped(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))));
  assert.ok(isDatabaseUnavailable(wrapped(Object.assign(new Error('the database system is starting up'), { code: '57P03' }))));
  assert.ok(isDatabaseUnavailable(new Error('timeout exceeded when trying to connect')));
});

test('a query that fails on its merits does not', () => {
  assert.equal(isDatabaseUnavailable(wrapped(Object.assign(new Error('duplicate key value'), { code: '23505' }))), false);
  assert.equal(isDatabaseUnavailable(wrapped(Object.assign(new Error('new row violates check constraint'), { code: '23514' }))), false);
  assert.equal(isDatabaseUnavailable(new Error('provider timed out')), false);
  assert.equal(isDatabaseUnavailable(undefined), false);
});
