import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Redis } from 'ioredis';
import { warnIfRedisEvicts } from './redis-policy.ts';

function fakeRedis(config: () => Promise<string[]>): Redis {
  return { status: 'ready', config } as unknown as Redis;
}

function recorder() {
  const warnings: Array<{ message: string; meta?: Record<string, unknown> }> = [];
  return { warnings, logger: { warn: (message: string, meta?: Record<string, unknown>) => warnings.push({ message, meta }) } };
}

test('warns at start-up when Redis would evict keys', async () => {
  const { warnings, logger } = recorder();
  assert.equal(await warnIfRedisEvicts(fakeRedis(async () => ['maxmemory-policy', 'allkeys-lru']), logger), 'allkeys-lru');
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!.message, /noeviction/);
  assert.equal(warnings[0]!.meta?.maxmemory_policy, 'allkeys-lru');
});

test('says nothing when the policy is noeviction', async () => {
  const { warnings, logger } = recorder();
  assert.equal(await warnIfRedisEvicts(fakeRedis(async () => ['maxmemory-policy', 'noeviction']), logger), 'noeviction');
  assert.equal(warnings.length, 0);
});

test('says it could not check when CONFIG is refused (managed Redis)', async () => {
  const { warnings, logger } = recorder();
  const refused = fakeRedis(async () => {
    throw new Error("ERR unknown command 'CONFIG'");
  });
  assert.equal(await warnIfRedisEvicts(refused, logger), null);
  assert.match(warnings[0]!.message, /could not read Redis maxmemory-policy/);
});
