import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { Redis } from 'ioredis';
import type { Logger } from '@bej/logger';
import { RateLimiter, parseRateLimit } from './rate-limit.ts';

test('limits read as <count>/<window>', () => {
  assert.deepEqual(parseRateLimit('20/1h'), { limit: 20, windowMs: 3_600_000 });
  assert.deepEqual(parseRateLimit(' 30 / 60s '), { limit: 30, windowMs: 60_000 });
  assert.deepEqual(parseRateLimit('5/500ms'), { limit: 5, windowMs: 500 });
  assert.deepEqual(parseRateLimit('3/15m'), { limit: 3, windowMs: 900_000 });
  assert.equal(parseRateLimit('off'), null);
  assert.equal(parseRateLimit('0'), null);
  for (const bad of ['20', '20/h', 'ten/1h', '0/1h', '5/0s', '1/1d']) assert.equal(typeof parseRateLimit(bad), 'string', bad);
});

test('when Redis cannot answer, requests pass and the miss is logged (limits must not become the outage)', async () => {
  // A port that accepts nothing: bind, note it, close.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as { port: number }).port;
  await new Promise((resolve) => probe.close(resolve));
  const redis = new Redis({ port, host: '127.0.0.1', lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', () => undefined /* the connection refusal is what this test is about */);
  const warnings: string[] = [];
  const logger = { warn: (message: string) => warnings.push(message) } as unknown as Logger;
  const limiter = new RateLimiter(redis, 'test', logger);
  try {
    assert.deepEqual(await limiter.hit('upload', 'ip-x', { limit: 1, windowMs: 1000 }), { allowed: true, retryAfterSeconds: 0 });
    assert.deepEqual(await limiter.check('auth_failure', 'ip-x', { limit: 1, windowMs: 1000 }), { allowed: true, retryAfterSeconds: 0 });
    assert.equal(warnings.length, 2);
  } finally {
    redis.disconnect();
  }
});
