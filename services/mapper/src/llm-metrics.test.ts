import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { llmCalls, llmTokens } from '@bej/ops';
import { createLlmClient } from './llm-client.ts';
import { startFakeOpenAI, type FakeOpenAI } from './test-support/fake-openai.ts';
import { createMemoryLogger } from './test-support/memory-logger.ts';
import { GOOD_ANSWER, LEAD_HEADERS, leadRows } from './test-support/sample-files.ts';

let fake: FakeOpenAI;
before(async () => {
  fake = await startFakeOpenAI();
});
after(async () => {
  await fake.close();
});

async function valueOf(metric: typeof llmCalls | typeof llmTokens, labels: Record<string, string>): Promise<number> {
  const { values } = await metric.get();
  return values.find((v) => Object.entries(labels).every(([k, want]) => (v.labels as Record<string, unknown>)[k] === want))?.value ?? 0;
}

test('every mapping call is counted by outcome, and the tokens the provider reports by kind', async () => {
  const model = `metrics-model-${Date.now()}`;
  const client = createLlmClient({ apiKey: 'test-key', baseURL: fake.baseURL, model, timeoutMs: 2_000, previewRows: 10, logger: createMemoryLogger(), backoffMs: 5 });
  fake.enqueue({ status: 429 }, { content: GOOD_ANSWER, usage: { prompt_tokens: 321, completion_tokens: 45 } });
  assert.ok(await client.inferMapping(LEAD_HEADERS, leadRows(3)));
  assert.equal(await valueOf(llmCalls, { purpose: 'mapping', model, outcome: 'http_429' }), 1);
  assert.equal(await valueOf(llmCalls, { purpose: 'mapping', model, outcome: 'ok' }), 1);
  assert.equal(await valueOf(llmTokens, { purpose: 'mapping', model, kind: 'prompt' }), 321);
  assert.equal(await valueOf(llmTokens, { purpose: 'mapping', model, kind: 'completion' }), 45);

  fake.enqueue({ status: 400 });
  assert.equal(await client.inferMapping(LEAD_HEADERS, leadRows(3)), null);
  assert.equal(await valueOf(llmCalls, { purpose: 'mapping', model, outcome: 'http_4xx' }), 1);
  // Labels carry the purpose, the model and an outcome class: never the key, a header or a cell.
  const { values } = await llmCalls.get();
  for (const v of values) assert.deepEqual(Object.keys(v.labels).sort(), ['model', 'outcome', 'purpose']);
});
