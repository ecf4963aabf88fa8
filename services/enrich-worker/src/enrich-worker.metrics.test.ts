import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Job } from 'bullmq';
import { llmCalls, llmTokens } from '@bej/ops';
import { countRowOutcomes, huntDuration, rowsProcessed, timedProvider } from './enrich-worker.metrics.ts';
import { emptyHuntGraph, type EnrichProvider, type HuntUsage } from './providers/provider.ts';

async function value(metric: { get(): Promise<{ values: Array<{ value: number; labels: object; metricName?: string }> }> }, labels: Record<string, string>, name?: string) {
  const { values } = await metric.get();
  const match = values.find((v) => (!name || v.metricName === name) && Object.entries(labels).every(([k, want]) => (v.labels as Record<string, unknown>)[k] === want));
  return match?.value ?? 0;
}

const usage: HuntUsage = { model_calls: 3, tool_calls: 2, prompt_tokens: 1200, completion_tokens: 300, total_tokens: 1500, cost_usd: null };

test('timedProvider times every hunt by result and counts the model calls and tokens a hunt reports, also from a fault', async () => {
  const model = `hunt-model-${Date.now()}`;
  let fail = false;
  const provider: EnrichProvider = {
    name: 'metrics-probe',
    async hunt() {
      if (fail) throw Object.assign(new Error('model gave up'), { usage: { ...usage, model_calls: 1, prompt_tokens: 100, completion_tokens: 0 } });
      return { matched: true, pass: 'primary', graph: emptyHuntGraph(), usage };
    },
  };
  const timed = timedProvider(provider, model);
  const request = { lead: {} as never, variants: [] };
  await timed.hunt(request);
  fail = true;
  await assert.rejects(timed.hunt(request), /model gave up/);
  assert.equal(await value(huntDuration, { provider: 'metrics-probe', result: 'matched' }, 'bej_hunt_duration_seconds_count'), 1);
  assert.equal(await value(huntDuration, { provider: 'metrics-probe', result: 'error' }, 'bej_hunt_duration_seconds_count'), 1);
  assert.equal(await value(llmCalls, { purpose: 'enrich', model, outcome: 'ok' }), 4);
  assert.equal(await value(llmTokens, { purpose: 'enrich', model, kind: 'prompt' }), 1300);
  assert.equal(await value(llmTokens, { purpose: 'enrich', model, kind: 'completion' }), 300);
});

test('countRowOutcomes counts each outcome; a throw is error while retries remain, failed on the last attempt', async () => {
  const before = { matched: await value(rowsProcessed, { outcome: 'paused' }), error: await value(rowsProcessed, { outcome: 'error' }), failed: await value(rowsProcessed, { outcome: 'failed' }) };
  const job = (attemptsMade: number) => ({ attemptsMade, opts: { attempts: 3 } }) as unknown as Job;
  const payload = { jobId: '00000000-0000-4000-8000-000000000000', rowIndex: 0, run: 1 };
  assert.equal(await countRowOutcomes(async () => 'paused')(payload, job(0)), 'paused');
  const boom = countRowOutcomes(async () => {
    throw new Error('boom');
  });
  await assert.rejects(boom(payload, job(0)));
  await assert.rejects(boom(payload, job(2)));
  assert.equal(await value(rowsProcessed, { outcome: 'paused' }), before.matched + 1);
  assert.equal(await value(rowsProcessed, { outcome: 'error' }), before.error + 1);
  assert.equal(await value(rowsProcessed, { outcome: 'failed' }), before.failed + 1);
});
