import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLogger } from '@bej/logger';
import { withDatabaseBackoff } from './database-backoff.ts';

const logger = createLogger('backoff-test', 'error');
const refused = () => Object.assign(new Error('Failed query: select 1'), { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });

test('a delivery waits out an unreachable database and runs again, without giving up its attempt', async () => {
  let calls = 0;
  const run = withDatabaseBackoff(async (x: number) => {
    calls += 1;
    if (calls < 3) throw refused();
    return x * 2;
  }, { logger, initialMs: 5, maxMs: 20 });
  assert.equal(await run(21), 42);
  assert.equal(calls, 3);
});

test('other errors propagate at once (the queue retries them)', async () => {
  let calls = 0;
  const run = withDatabaseBackoff(async () => {
    calls += 1;
    throw new Error('provider said no');
  }, { logger, initialMs: 5 });
  await assert.rejects(run(), /provider said no/);
  assert.equal(calls, 1);
});

test('a shutdown stops the waiting: the database error propagates', async () => {
  const stopping = new AbortController();
  let calls = 0;
  const run = withDatabaseBackoff(async () => {
    calls += 1;
    if (calls === 2) stopping.abort();
    throw refused();
  }, { logger, initialMs: 5, stopping: stopping.signal });
  await assert.rejects(run(), /Failed query/);
  assert.equal(calls, 2);
});
