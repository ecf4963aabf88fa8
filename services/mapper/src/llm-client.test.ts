import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createLlmClient, llmClientFromEnv, retryAfterMs, type LlmClientOptions } from './llm-client.ts';
import { loadMapperEnv } from './env.ts';
import { startFakeOpenAI, type FakeOpenAI } from './test-support/fake-openai.ts';
import { createMemoryLogger } from './test-support/memory-logger.ts';
import { GOOD_ANSWER, LEAD_HEADERS, leadRows } from './test-support/sample-files.ts';

describe('llm client', () => {
  let fake: FakeOpenAI;
  let logger: ReturnType<typeof createMemoryLogger>;

  before(async () => {
    fake = await startFakeOpenAI();
  });
  after(async () => {
    await fake.close();
  });
  beforeEach(() => {
    fake.reset();
    fake.setFallback({ status: 500, message: 'fake: no scripted reply' });
    logger = createMemoryLogger();
  });

  const client = (overrides: Partial<LlmClientOptions> = {}) =>
    createLlmClient({ apiKey: 'test-key', baseURL: fake.baseURL, model: 'test-model', timeoutMs: 2_000, previewRows: 10, logger, backoffMs: 5, ...overrides });

  it('accepts a JSON content answer and sends model, json mode, the tool and capped samples', async () => {
    fake.enqueue({ content: GOOD_ANSWER });
    const decision = await client({ previewRows: 4 }).inferMapping(LEAD_HEADERS, leadRows(25));
    assert.deepEqual(decision?.columns, GOOD_ANSWER.columns);
    assert.deepEqual(decision?.chat_label, GOOD_ANSWER.chat_label);
    assert.deepEqual(decision?.fields.company, { headers: ['Business Name'], confidence: 0.9, reason: 'llm' });
    assert.equal(fake.requests.length, 1);
    const request = fake.requests[0]!;
    assert.equal(request.body.model, 'test-model');
    assert.deepEqual(request.body.response_format, { type: 'json_object' });
    assert.equal((request.body.tools as Array<{ function: { name: string } }>)[0]?.function.name, 'submit_mapping');
    assert.deepEqual(request.headers, LEAD_HEADERS);
    assert.equal(request.sampleRows?.length, 4);
  });

  it('accepts the answer as submit_mapping tool-call arguments', async () => {
    fake.enqueue({ toolCall: GOOD_ANSWER });
    const decision = await client().inferMapping(LEAD_HEADERS, leadRows(3));
    assert.deepEqual(decision?.columns, GOOD_ANSWER.columns);
  });

  it('accepts content wrapped in a ```json fence', async () => {
    fake.enqueue({ content: GOOD_ANSWER, fenced: true });
    const decision = await client().inferMapping(LEAD_HEADERS, leadRows(3));
    assert.deepEqual(decision?.columns, GOOD_ANSWER.columns);
  });

  it('treats null fields as unmapped and derives a missing chat label', async () => {
    fake.enqueue({ content: { columns: { company: 'Business Name', zip: 'Zip', dm_name: null, number2: [] } } });
    const decision = await client().inferMapping(LEAD_HEADERS, leadRows(3));
    assert.deepEqual(decision?.columns, { company: 'Business Name', zip: 'Zip' });
    assert.deepEqual(decision?.search_variants, []);
    assert.deepEqual(decision?.chat_label, { primary_column: 'Business Name', location_columns: [] });
  });

  it('keeps the valid parts of an answer with one unknown search-variant kind (the call is not wasted)', async () => {
    const { number1: _phone, ...columns } = GOOD_ANSWER.columns;
    fake.enqueue({
      content: {
        ...GOOD_ANSWER,
        columns,
        search_variants: [
          { header: 'Phone', kind: 'fax' },
          { header: 'Phone', kind: 'phone' },
          { header: 'Nope', kind: 'phone' },
          'junk',
          { header: 'Phone', kind: 'phone' },
          { header: 'Zip', kind: 'zip' },
        ],
      },
    });
    const decision = await client().inferMapping(LEAD_HEADERS, leadRows(3));
    assert.deepEqual(decision?.columns, columns);
    assert.deepEqual(decision?.search_variants, [{ header: 'Phone', kind: 'phone' }]);
    assert.equal(fake.requests.length, 1);
    const accepted = logger.entries.find((e) => e.message === 'llm mapping accepted');
    assert.equal((accepted?.meta?.dropped_parts as string[] | undefined)?.length, 5, 'unknown kind, unknown header, junk, a repeat, a header a column uses');
    assert.doesNotMatch(logger.text(), /Synthetic Widgets|Testing Ave|555-/);
  });

  const rejected: Array<[string, unknown]> = [
    ['garbage text', 'Sure! Business Name is the company, I think.'],
    ['a header the file does not have', { ...GOOD_ANSWER, columns: { company: 'Company Name', zip: 'Zip' } }],
    ['a header used twice', { ...GOOD_ANSWER, columns: { company: 'Business Name', dm_name: 'Business Name', zip: 'Zip' } }],
    ['an unknown canonical field', { ...GOOD_ANSWER, columns: { ...GOOD_ANSWER.columns, email: 'Phone' } }],
    ['an array instead of an object', [GOOD_ANSWER]],
  ];
  for (const [name, content] of rejected) {
    it(`rejects ${name} after one call, without logging cell values`, async () => {
      fake.enqueue({ content });
      const decision = await client().inferMapping(LEAD_HEADERS, leadRows(3));
      assert.equal(decision, null);
      assert.equal(fake.requests.length, 1);
      assert.ok(logger.entries.some((e) => e.message === 'llm mapping rejected'));
      assert.doesNotMatch(logger.text(), /Synthetic Widgets|Testing Ave|555-/);
    });
  }

  it('rejects an answer with neither content nor a tool call', async () => {
    fake.enqueue({ content: '' });
    assert.equal(await client().inferMapping(LEAD_HEADERS, leadRows(3)), null);
  });

  it('retries a 429 honouring retry-after, then succeeds (2 calls)', async () => {
    fake.enqueue({ status: 429, headers: { 'retry-after': '0' } }, { content: GOOD_ANSWER });
    const decision = await client({ backoffMs: 10_000 }).inferMapping(LEAD_HEADERS, leadRows(3));
    assert.deepEqual(decision?.columns, GOOD_ANSWER.columns);
    assert.equal(fake.requests.length, 2);
  });

  it('gives up after 3 attempts on persistent 500s', async () => {
    fake.setFallback({ status: 500 });
    assert.equal(await client().inferMapping(LEAD_HEADERS, leadRows(3)), null);
    assert.equal(fake.requests.length, 3);
    assert.ok(logger.entries.some((e) => e.message === 'llm mapping gave up after retries'));
  });

  it('does not retry other 4xx', async () => {
    fake.enqueue({ status: 401, message: 'bad key' });
    assert.equal(await client().inferMapping(LEAD_HEADERS, leadRows(3)), null);
    assert.equal(fake.requests.length, 1);
  });

  it('retries a timed-out call', async () => {
    fake.enqueue({ delayMs: 1_500, then: { content: GOOD_ANSWER } }, { content: GOOD_ANSWER });
    const decision = await client({ timeoutMs: 200 }).inferMapping(LEAD_HEADERS, leadRows(3));
    assert.deepEqual(decision?.columns, GOOD_ANSWER.columns);
    assert.equal(fake.requests.length, 2);
  });

  it('retries a refused connection and gives up', async () => {
    const dead = await startFakeOpenAI();
    const baseURL = dead.baseURL;
    await dead.close();
    assert.equal(await client({ baseURL }).inferMapping(LEAD_HEADERS, leadRows(3)), null);
    assert.equal(logger.entries.filter((e) => e.message === 'llm mapping call will be retried').length, 2);
  });
});

describe('llmClientFromEnv', () => {
  const logger = createMemoryLogger();
  it('is off without a key or when disabled, on with both', () => {
    assert.equal(llmClientFromEnv(loadMapperEnv({}), logger), null);
    assert.equal(llmClientFromEnv(loadMapperEnv({ OPENROUTER_API_KEY: 'k', BATCH_ENRICH_LLM_MAP_ENABLED: '0' }), logger), null);
    assert.notEqual(llmClientFromEnv(loadMapperEnv({ OPENROUTER_API_KEY: 'k' }), logger), null);
  });
});

describe('retryAfterMs', () => {
  it('reads seconds, milliseconds and dates, capped', () => {
    assert.equal(retryAfterMs(new Headers({ 'retry-after': '2' }), 5_000), 2_000);
    assert.equal(retryAfterMs(new Headers({ 'retry-after': '60' }), 5_000), 5_000);
    assert.equal(retryAfterMs(new Headers({ 'retry-after-ms': '150' }), 5_000), 150);
    assert.equal(retryAfterMs(new Headers({ 'retry-after': new Date(Date.now() - 1000).toUTCString() }), 5_000), 0);
    assert.equal(retryAfterMs(new Headers(), 5_000), null);
    assert.equal(retryAfterMs(undefined, 5_000), null);
  });
});
