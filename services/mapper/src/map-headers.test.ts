import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { createHeaderCache } from './header-cache.ts';
import { createLlmClient, llmClientFromEnv } from './llm-client.ts';
import { loadMapperEnv } from './env.ts';
import { ANSWER_RESERVE_MS, mapHeaders, type MapHeadersDeps } from './map-headers.ts';
import { startFakeOpenAI, type FakeOpenAI } from './test-support/fake-openai.ts';
import { createMemoryLogger } from './test-support/memory-logger.ts';
import { deleteKeysWithPrefix } from '../../../packages/queue/src/test-support/redis-keys.ts';
import { uniqueTestPrefix } from './test-support/redis-test-prefix.ts';
import { GOOD_ANSWER, LEAD_HEADERS, PLAIN_HEADERS, leadRows, plainRows } from './test-support/sample-files.ts';

describe('mapHeaders', () => {
  const prefix = uniqueTestPrefix();
  const logger = createMemoryLogger();
  let redis: Redis;
  let fake: FakeOpenAI;
  let deps: MapHeadersDeps;
  let testNumber = 0;
  // Each test gets fresh namespaces so cache entries of one test never answer another's.
  let ns: (name: string) => string;

  before(async () => {
    redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    fake = await startFakeOpenAI();
  });
  after(async () => {
    await fake.close();
    await deleteKeysWithPrefix(redis, prefix);
    await redis.quit();
  });
  beforeEach(() => {
    testNumber += 1;
    const n = testNumber;
    ns = (name) => `${name}-${n}`;
    fake.reset();
    fake.setFallback({ status: 500 });
    const env = loadMapperEnv({
      QUEUE_PREFIX: prefix,
      OPENROUTER_API_KEY: 'test-key',
      OPENROUTER_BASE_URL: fake.baseURL,
      BATCH_ENRICH_LLM_PREVIEW_ROWS: '5',
      MAPPER_LLM_TIMEOUT_MS: '2000',
    });
    deps = { cache: createHeaderCache({ redis, prefix, logger }), llm: llmClientFromEnv(env, logger), logger };
  });

  it('calls the LLM once for an uncached header set, then answers from the cache', async () => {
    fake.enqueue({ content: GOOD_ANSWER });
    const first = await mapHeaders({ namespace: ns('agent-a'), headers: LEAD_HEADERS, sampleRows: leadRows(30) }, deps);
    assert.equal(first.source, 'llm');
    assert.deepEqual(first.decision?.columns, GOOD_ANSWER.columns);
    assert.equal(fake.requests.length, 1);
    assert.equal(fake.requests[0]?.sampleRows?.length, 5, 'samples capped at BATCH_ENRICH_LLM_PREVIEW_ROWS');

    const second = await mapHeaders({ namespace: ns('agent-a'), headers: LEAD_HEADERS, sampleRows: leadRows(3) }, deps);
    assert.equal(second.source, 'cache');
    assert.deepEqual(second.decision, first.decision);
    assert.equal(fake.requests.length, 1, 'no call on a cache hit');
  });

  it('never lets agent B hit agent A’s cache, while anonymous uploads share one namespace', async () => {
    fake.setFallback({ content: GOOD_ANSWER });
    await mapHeaders({ namespace: ns('agent-a'), headers: LEAD_HEADERS, sampleRows: leadRows(2) }, deps);
    const b = await mapHeaders({ namespace: ns('agent-b'), headers: LEAD_HEADERS, sampleRows: leadRows(2) }, deps);
    assert.equal(b.source, 'llm');
    assert.equal(fake.requests.length, 2);

    const anonymous = ns('anonymous');
    assert.equal((await mapHeaders({ namespace: anonymous, headers: LEAD_HEADERS, sampleRows: leadRows(2) }, deps)).source, 'llm');
    assert.equal((await mapHeaders({ namespace: anonymous, headers: LEAD_HEADERS, sampleRows: leadRows(2) }, deps)).source, 'cache');
    assert.equal(fake.requests.length, 3);
  });

  it('falls back to the heuristics on a garbage answer, and caches that', async () => {
    fake.enqueue({ content: 'I could not decide, sorry.' });
    const result = await mapHeaders({ namespace: ns('agent-a'), headers: PLAIN_HEADERS, sampleRows: plainRows(5) }, deps);
    assert.equal(result.source, 'heuristic');
    assert.equal(result.decision?.columns.company, 'Company');
    const again = await mapHeaders({ namespace: ns('agent-a'), headers: PLAIN_HEADERS, sampleRows: plainRows(5) }, deps);
    assert.equal(again.source, 'cache');
    assert.equal(fake.requests.length, 1);
  });

  it('falls back when the answer names a missing header or uses one twice', async () => {
    fake.enqueue({ content: { ...GOOD_ANSWER, columns: { company: 'Business', zip: 'Zip' } } });
    const missing = await mapHeaders({ namespace: ns('agent-a'), headers: PLAIN_HEADERS, sampleRows: plainRows(3) }, deps);
    assert.equal(missing.source, 'heuristic');
    fake.enqueue({ toolCall: { ...GOOD_ANSWER, columns: { company: 'Company', dm_name: 'Company', zip: 'Zip' } } });
    const twice = await mapHeaders({ namespace: ns('agent-b'), headers: PLAIN_HEADERS, sampleRows: plainRows(3) }, deps);
    assert.equal(twice.source, 'heuristic');
    assert.equal(fake.requests.length, 2);
  });

  it('falls back after bounded attempts on persistent 500s', async () => {
    deps.llm = createLlmClient({ apiKey: 'k', baseURL: fake.baseURL, model: 'm', timeoutMs: 2_000, previewRows: 10, logger, backoffMs: 5 });
    const result = await mapHeaders({ namespace: ns('agent-a'), headers: PLAIN_HEADERS, sampleRows: plainRows(3) }, deps);
    assert.equal(result.source, 'heuristic');
    assert.equal(fake.requests.length, 3);
  });

  it('makes zero calls when the LLM step is disabled or has no key', async () => {
    fake.setFallback({ content: GOOD_ANSWER });
    for (const extra of [{ BATCH_ENRICH_LLM_MAP_ENABLED: '0', OPENROUTER_API_KEY: 'k' }, {}]) {
      const env = loadMapperEnv({ OPENROUTER_BASE_URL: fake.baseURL, ...extra });
      const off = { ...deps, llm: llmClientFromEnv(env, logger) };
      const result = await mapHeaders({ namespace: ns(`agent-${Object.keys(extra).length}`), headers: PLAIN_HEADERS, sampleRows: plainRows(3) }, off);
      assert.equal(result.source, 'heuristic');
    }
    assert.equal(fake.requests.length, 0);
  });

  it('returns nothing (and caches nothing) when no one can map the headers', async () => {
    fake.enqueue({ content: 'no idea' });
    const headers = ['alpha', 'beta'];
    const result = await mapHeaders({ namespace: ns('agent-a'), headers, sampleRows: [['x', 'y']] }, { ...deps, heuristic: () => null });
    assert.deepEqual(result, { source: null, decision: null });
    assert.equal(await redis.exists(deps.cache.keyOf(ns('agent-a'), headers)), 0);
  });

  it('coalesces concurrent identical requests into one call', async () => {
    fake.enqueue({ delayMs: 200, then: { content: GOOD_ANSWER } });
    const request = { namespace: ns('agent-a'), headers: LEAD_HEADERS, sampleRows: leadRows(3) };
    const results = await Promise.all(Array.from({ length: 5 }, () => mapHeaders(request, deps)));
    assert.equal(fake.requests.length, 1);
    for (const result of results) assert.deepEqual(result.decision?.columns, GOOD_ANSWER.columns);
  });

  it('does not cache an LLM answer that came after the requester stopped waiting', async () => {
    // A client that overruns its budget (an SDK timeout that fires late, a slow parse).
    const late: MapHeadersDeps['llm'] = {
      inferMapping: async () => {
        await new Promise((resolve) => setTimeout(resolve, 200));
        return { ...GOOD_ANSWER, fields: {} };
      },
    };
    const request = { namespace: ns('agent-a'), headers: LEAD_HEADERS, sampleRows: leadRows(3), deadlineAt: Date.now() + ANSWER_RESERVE_MS + 50 };
    const result = await mapHeaders(request, { ...deps, llm: late });
    assert.equal(result.source, 'llm');
    assert.equal(await redis.exists(deps.cache.keyOf(ns('agent-a'), LEAD_HEADERS)), 0, 'not cached as the file\'s mapping');
    assert.ok(logger.text().includes('came after the requester gave up'));
  });

  it('gives the LLM only what is left of the requester\'s budget, minus the reserve for answering', async () => {
    fake.enqueue({ delayMs: 1_500, then: { content: GOOD_ANSWER } });
    const request = { namespace: ns('agent-a'), headers: PLAIN_HEADERS, sampleRows: plainRows(3), deadlineAt: Date.now() + ANSWER_RESERVE_MS + 400 };
    const result = await mapHeaders(request, deps);
    assert.equal(result.source, 'heuristic');
    assert.equal(fake.requests.length, 1, 'one attempt, cut at the budget; no retry past it');
    assert.ok(logger.text().includes('no budget left for another attempt'), 'the timed-out attempt was not retried past the budget');
  });
});
