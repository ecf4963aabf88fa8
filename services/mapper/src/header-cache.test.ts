import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { HEADER_CACHE_TTL_SECONDS, createHeaderCache, type HeaderCache } from './header-cache.ts';
import { withFieldDecisions } from '@bej/leads';
import { createMemoryLogger } from './test-support/memory-logger.ts';
import { deleteKeysWithPrefix } from '../../../packages/queue/src/test-support/redis-keys.ts';
import { uniqueTestPrefix } from './test-support/redis-test-prefix.ts';
import { GOOD_ANSWER, LEAD_HEADERS } from './test-support/sample-files.ts';

describe('header cache', () => {
  const prefix = uniqueTestPrefix();
  const logger = createMemoryLogger();
  let redis: Redis;
  let cache: HeaderCache;
  const decision = withFieldDecisions(GOOD_ANSWER, 0.9, 'llm');

  before(() => {
    redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    cache = createHeaderCache({ redis, prefix, logger });
  });
  after(async () => {
    await deleteKeysWithPrefix(redis, prefix);
    await redis.quit();
  });

  it('stores under prefix:mapping-cache:namespace:fingerprint with a 180-day TTL', async () => {
    await cache.put('agent-a', LEAD_HEADERS, decision, 'llm');
    const key = cache.keyOf('agent-a', LEAD_HEADERS);
    assert.match(key, new RegExp(`^${prefix}:mapping-cache:agent-a:.+`));
    const ttl = await redis.ttl(key);
    assert.ok(ttl > HEADER_CACHE_TTL_SECONDS - 60 && ttl <= HEADER_CACHE_TTL_SECONDS, `ttl ${ttl}`);
    const stored = JSON.parse((await redis.get(key))!) as Record<string, unknown>;
    assert.equal(stored.source_was, 'llm');
    assert.equal(typeof stored.stored_at, 'string');

    const hit = await cache.get('agent-a', LEAD_HEADERS);
    assert.deepEqual(hit?.mapping, decision);
    assert.equal(hit?.source_was, 'llm');
  });

  it('reads an entry written before address variants had sets (their pairing is variantAddressSets\' compatibility rule)', async () => {
    const headers = [...LEAD_HEADERS, 'Mailing Street', 'Mailing Zip'];
    const old = {
      mapping: { ...decision, search_variants: [{ header: 'Mailing Street', kind: 'street' }, { header: 'Mailing Zip', kind: 'zip' }] },
      source_was: 'llm',
      stored_at: '2026-06-01T00:00:00.000Z',
    };
    await redis.set(cache.keyOf('agent-old', headers), JSON.stringify(old));
    const hit = await cache.get('agent-old', headers);
    assert.deepEqual(hit?.mapping.search_variants, old.mapping.search_variants);
    await cache.put('agent-old', headers, { ...decision, search_variants: [{ header: 'Mailing Street', kind: 'street', set: 'mailing' }] }, 'llm');
    assert.deepEqual((await cache.get('agent-old', headers))?.mapping.search_variants, [{ header: 'Mailing Street', kind: 'street', set: 'mailing' }]);
  });

  it('keeps namespaces apart', async () => {
    await cache.put('agent-b', LEAD_HEADERS, decision, 'user');
    assert.equal(await cache.get('agent-c', LEAD_HEADERS), null);
    assert.equal((await cache.get('agent-b', LEAD_HEADERS))?.source_was, 'user');
  });

  it('answers a re-spelled, re-ordered header row in this file’s spelling', async () => {
    await cache.put('agent-g', LEAD_HEADERS, decision, 'llm');
    const respelled = ['PHONE', 'business_name', 'address', 'City', 'State', 'ZIP'];
    const hit = await cache.get('agent-g', respelled);
    assert.deepEqual(hit?.mapping.columns, {
      company: 'business_name',
      street: 'address',
      city: 'City',
      state: 'State',
      zip: 'ZIP',
      number1: 'PHONE',
    });
    assert.deepEqual(hit?.mapping.chat_label, { primary_column: 'business_name', location_columns: ['City', 'State'] });
    assert.deepEqual(hit?.mapping.fields.company?.headers, ['business_name']);
  });

  it('treats an entry that no longer fits the headers as a miss and logs it', async () => {
    const headers = ['Company', 'Zip'];
    const stale = withFieldDecisions({ ...GOOD_ANSWER, columns: { company: 'Business Name', zip: 'Zip' } }, 0.9, 'llm');
    await redis.set(cache.keyOf('agent-d', headers), JSON.stringify({ mapping: stale, source_was: 'llm', stored_at: new Date().toISOString() }));
    assert.equal(await cache.get('agent-d', headers), null);
    assert.ok(logger.entries.some((e) => e.message.includes('does not fit the headers')));
  });

  it('treats corrupt or mis-shaped entries as misses', async () => {
    await redis.set(cache.keyOf('agent-e', LEAD_HEADERS), '{not json');
    assert.equal(await cache.get('agent-e', LEAD_HEADERS), null);
    await redis.set(cache.keyOf('agent-f', LEAD_HEADERS), JSON.stringify({ mapping: { columns: { fax: 'Phone' } }, source_was: 'llm' }));
    assert.equal(await cache.get('agent-f', LEAD_HEADERS), null);
    assert.ok(logger.entries.some((e) => e.message.includes('wrong shape')));
  });
});
