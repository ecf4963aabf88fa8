import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { QueueClient, createRedis } from '@bej/queue';
import { createHeaderCache, type HeaderCache } from './header-cache.ts';
import { createLlmClient } from './llm-client.ts';
import { createMappingWorker } from './mapping.worker.ts';
import type { MapHeadersResult } from './mapper.types.ts';
import { startFakeOpenAI, type FakeOpenAI } from './test-support/fake-openai.ts';
import { createMemoryLogger } from './test-support/memory-logger.ts';
import { deleteKeysWithPrefix } from '../../../packages/queue/src/test-support/redis-keys.ts';
import { uniqueTestPrefix } from './test-support/redis-test-prefix.ts';
import { GOOD_ANSWER, LEAD_HEADERS, leadRows } from './test-support/sample-files.ts';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('mapping worker', () => {
  const prefix = uniqueTestPrefix();
  const logger = createMemoryLogger();
  let workerRedis: Redis;
  let producerRedis: Redis;
  let fake: FakeOpenAI;
  let worker: Worker;
  let client: QueueClient;
  let cache: HeaderCache;

  before(async () => {
    workerRedis = createRedis(REDIS_URL, 'worker');
    producerRedis = createRedis(REDIS_URL, 'producer');
    fake = await startFakeOpenAI({ fallback: { content: GOOD_ANSWER } });
    cache = createHeaderCache({ redis: workerRedis, prefix, logger });
    const llm = createLlmClient({ apiKey: 'k', baseURL: fake.baseURL, model: 'm', timeoutMs: 2_000, previewRows: 10, logger, backoffMs: 5 });
    worker = createMappingWorker({ connection: workerRedis, prefix, cache, llm, logger });
    client = new QueueClient(producerRedis, prefix, logger);
    await worker.waitUntilReady();
  });
  after(async () => {
    await client.close();
    await worker.close();
    await fake.close();
    await deleteKeysWithPrefix(producerRedis, prefix);
    await producerRedis.quit();
    await workerRedis.quit();
  });

  it('answers QueueClient.call("mapping.infer") with the mapping and its source', async () => {
    const payload = { namespace: 'agent-w1', headers: LEAD_HEADERS, sampleRows: leadRows(3), deadlineAt: Date.now() + 10_000 };
    const first = (await client.call('mapping.infer', payload, 10_000)) as MapHeadersResult;
    assert.equal(first.source, 'llm');
    assert.deepEqual(first.decision?.columns, GOOD_ANSWER.columns);
    const second = (await client.call('mapping.infer', payload, 10_000)) as MapHeadersResult;
    assert.equal(second.source, 'cache');
    assert.equal(fake.requests.length, 1);
  });

  it('remembers a user correction, which the next infer returns from the cache', async () => {
    const corrected = {
      columns: { company: 'Business Name', street: 'Address', zip: 'Zip', number2: 'Phone' },
      search_variants: [{ header: 'City', kind: 'city' as const }],
      chat_label: { primary_column: 'Business Name', location_columns: ['State'] },
    };
    const calls = fake.requests.length;
    await client.call('mapping.remember', { namespace: 'agent-w2', headers: LEAD_HEADERS, mapping: corrected }, 10_000);
    const result = (await client.call('mapping.infer', { namespace: 'agent-w2', headers: LEAD_HEADERS, sampleRows: [], deadlineAt: Date.now() + 10_000 }, 10_000)) as MapHeadersResult;
    assert.equal(result.source, 'cache');
    assert.deepEqual(result.decision?.columns, corrected.columns);
    assert.deepEqual(result.decision?.search_variants, corrected.search_variants);
    assert.deepEqual(result.decision?.fields.number2, { headers: ['Phone'], confidence: 1, reason: 'user' });
    assert.equal(fake.requests.length, calls, 'no LLM call for a remembered mapping');
  });

  it('fails a correction that does not fit the headers, without retries', async () => {
    const bad = { columns: { company: 'Firm' }, search_variants: [], chat_label: { primary_column: null, location_columns: [] } };
    await assert.rejects(client.call('mapping.remember', { namespace: 'agent-w3', headers: LEAD_HEADERS, mapping: bad }, 10_000), /does not fit/);
    // An unknown kind is refused by the catalog's schema before it is queued (the one column-mapping schema).
    const badKind = { ...bad, columns: { company: 'Business Name' }, search_variants: [{ header: 'Phone', kind: 'fax' as 'phone' }] };
    await assert.rejects(client.call('mapping.remember', { namespace: 'agent-w3', headers: LEAD_HEADERS, mapping: badKind }, 10_000), /search_variants/);
  });

  it('a slow LLM never outlives the requester: the call is answered in time, and the cache agrees with that answer', async () => {
    // Per attempt 2 s, 3 attempts: without a shared budget the mapper would still be asking when the
    // requester (1.8 s) gives up, and the second attempt's answer would be cached for the next upload.
    fake.reset();
    fake.enqueue({ delayMs: 3_000, then: { content: GOOD_ANSWER } }, { content: GOOD_ANSWER });
    try {
      const payload = () => ({ namespace: 'agent-w4', headers: LEAD_HEADERS, sampleRows: leadRows(3), deadlineAt: Date.now() + 1_800 });
      const first = (await client.call('mapping.infer', payload(), 1_800)) as MapHeadersResult;
      assert.equal(first.source, 'heuristic', 'the LLM step gave up inside the budget and the heuristics answered');
      assert.equal(fake.requests.length, 1, 'no second attempt: it would not have ended before the requester stops waiting');
      const cached = await cache.get('agent-w4', LEAD_HEADERS);
      assert.equal(cached?.source_was, 'heuristic');
      const second = (await client.call('mapping.infer', payload(), 1_800)) as MapHeadersResult;
      assert.equal(second.source, 'cache');
      assert.deepEqual(second.decision?.columns, first.decision?.columns, 'the same file maps the same way the next time');
    } finally {
      fake.reset();
    }
  });
});
