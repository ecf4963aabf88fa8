import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, test } from 'node:test';
import { DrizzleQueryError } from 'drizzle-orm/errors';
import { Redis } from 'ioredis';
import { ZodError } from 'zod';
import { CallFailedError, CallTimeoutError, createQueueWorker, QueueClient, QueueUnavailableError } from './index.ts';
import { deleteKeysWithPrefix } from './test-support/redis-keys.ts';

const prefix = `test-queue-${randomBytes(6).toString('hex')}`;
const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const redis = new Redis(url, { maxRetriesPerRequest: null });
const logger = { error: () => undefined, warn: () => undefined };
const connections: Redis[] = [];
/** A connection of its own for a client or worker; neither closes a connection it was given. */
const connection = (opts: { maxRetriesPerRequest: number | null }) => {
  const c = redis.duplicate(opts);
  connections.push(c);
  return c;
};

async function keysAndValues(): Promise<string> {
  const out: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
    cursor = next;
    for (const key of keys) {
      const type = await redis.type(key);
      const value =
        type === 'hash' ? await redis.hgetall(key) : type === 'stream' ? await redis.xrange(key, '-', '+') : type === 'string' ? await redis.get(key) : type === 'list' ? await redis.lrange(key, 0, -1) : type === 'zset' ? await redis.zrange(key, 0, -1) : type;
      out.push(`${key} ${JSON.stringify(value)}`);
    }
  } while (cursor !== '0');
  return out.join('\n');
}

after(async () => {
  await deleteKeysWithPrefix(redis, prefix);
  await Promise.all(connections.map((c) => c.quit()));
  await redis.quit();
});

const payload = (secret: string) => ({ namespace: 'anonymous', headers: ['CUST_NM'], sampleRows: [[secret]], deadlineAt: Date.now() + 60_000 });

test('call(): the answer arrives though the request job is deleted the moment it completes; the samples are gone', async () => {
  const client = new QueueClient(connection({ maxRetriesPerRequest: 3 }), prefix, logger);
  const worker = createQueueWorker('batch-enrich-mapping', { 'mapping.infer': async () => ({ source: null, decision: null }), 'mapping.remember': async () => ({ stored: true as const }) }, { connection: connection({ maxRetriesPerRequest: null }), prefix, logger });
  try {
    for (let i = 0; i < 5; i++) assert.deepEqual(await client.call('mapping.infer', payload(`Sample Value ${i} Co`), 10_000), { source: null, decision: null });
    assert.ok(!(await keysAndValues()).includes('Sample Value'));
  } finally {
    await worker.close();
    await client.close();
  }
});

test('call(): a failure comes back scrubbed (no query values), and leaves neither the job nor the value in Redis', async () => {
  const client = new QueueClient(connection({ maxRetriesPerRequest: 3 }), prefix, logger);
  const worker = createQueueWorker(
    'batch-enrich-mapping',
    {
      'mapping.infer': async (p) => {
        throw new DrizzleQueryError('insert into t values ($1)', [p.sampleRows[0]![0]!], new Error('boom'));
      },
      'mapping.remember': async () => ({ stored: true as const }),
    },
    { connection: connection({ maxRetriesPerRequest: null }), prefix, logger },
  );
  try {
    await assert.rejects(client.call('mapping.infer', payload('Failing Value Co'), 10_000), (err: Error) => {
      assert.ok(err instanceof CallFailedError, `a consumer's failure is told apart from a timeout: ${err.name}`);
      assert.match(err.failedReason, /^Failed query: insert into t values \(\$1\)\nparams: \[redacted\]$/);
      return true;
    });
    assert.ok(!(await keysAndValues()).includes('Failing Value Co'));
  } finally {
    await worker.close();
    await client.close();
  }
});

test('call(): with nobody consuming, the request times out and its job (with the samples) is removed', async () => {
  const client = new QueueClient(connection({ maxRetriesPerRequest: 3 }), prefix, logger);
  try {
    await assert.rejects(client.call('mapping.infer', payload('Waiting Value Co'), 300), (err: Error) => {
      assert.ok(err instanceof CallTimeoutError, err.name);
      assert.match(err.message, /no answer to mapping.infer within 300 ms/);
      return true;
    });
    const deadline = Date.now() + 5_000;
    while ((await keysAndValues()).includes('Waiting Value Co') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.ok(!(await keysAndValues()).includes('Waiting Value Co'));
  } finally {
    await client.close();
  }
});

test('call(): the answer is checked against the catalog result schema; a malformed decision is refused, not passed on', async () => {
  const client = new QueueClient(connection({ maxRetriesPerRequest: 3 }), prefix, logger);
  const decision = {
    columns: { company: 'CUST_NM' },
    search_variants: [{ header: 'MAIL_ZIP', kind: 'zip', set: 'mailing' }],
    chat_label: { primary_column: 'CUST_NM', location_columns: [] },
    fields: {},
  };
  let answer: unknown = { source: 'heuristic', decision };
  const worker = createQueueWorker(
    'batch-enrich-mapping',
    // A consumer that drifts from the catalog (a stale deploy, a bug) is what the check catches.
    { 'mapping.infer': async () => answer as never, 'mapping.remember': async () => ({ stored: true as const }) },
    { connection: connection({ maxRetriesPerRequest: null }), prefix, logger },
  );
  try {
    const typed = await client.call('mapping.infer', payload('Typed Value Co'), 10_000);
    assert.deepEqual(typed, { source: 'heuristic', decision });
    answer = { source: 'heuristic', decision: { ...decision, search_variants: [{ header: 'MAIL_ZIP', kind: 'fax' }] } };
    await assert.rejects(client.call('mapping.infer', payload('Typed Value Co'), 10_000), /^CallInvalidAnswerError: invalid answer to mapping.infer: .*search_variants\.0\.kind/);
    answer = { source: 'heuristic' };
    await assert.rejects(client.call('mapping.infer', payload('Typed Value Co'), 10_000), /invalid answer to mapping.infer/);
  } finally {
    await worker.close();
    await client.close();
  }
});

test('call(): Redis out of reach is QueueUnavailableError; a payload that breaks the catalog is the caller\'s ZodError', async () => {
  const away = new Redis('redis://127.0.0.1:1', { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
  away.on('error', () => undefined);
  const unreachable = new QueueClient(away, prefix, logger);
  try {
    await assert.rejects(unreachable.call('mapping.infer', payload('Unsent Value Co'), 1_000), (err: Error) => err instanceof QueueUnavailableError);
  } finally {
    await unreachable.close().catch(() => undefined /* never connected */);
    away.disconnect();
  }
  const client = new QueueClient(connection({ maxRetriesPerRequest: 3 }), prefix, logger);
  try {
    const bad = { namespace: '', headers: ['CUST_NM'], sampleRows: [], deadlineAt: Date.now() + 60_000 };
    await assert.rejects(client.call('mapping.infer', bad, 1_000), (err: Error) => err instanceof ZodError);
  } finally {
    await client.close();
  }
});
