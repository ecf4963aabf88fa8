import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import type { CanonicalLead, RowVariant } from '@bej/leads';
import { startFakeOpenAI, type FakeOpenAI } from '../../../mapper/src/test-support/fake-openai.ts';
import { createModelClient } from '../hunt-llm/model-client.ts';
import { createSearxngBackend, openrouterWebBackend, type SearchBackend } from '../hunt-llm/search-backend.ts';
import { fakeHuntModel } from '../test-support/fake-hunt-model.ts';
import { loadWebRecords, startFakeWeb, type FakeWeb } from '../test-support/fake-web.ts';
import { createOpenRouterProvider } from './openrouter.provider.ts';
import { ProviderAnswerError, ProviderFaultError, ProviderRateLimitError } from './provider-errors.ts';
import type { HuntEvent } from './provider.ts';

const directory = new URL('../../../../examples/directory.jsonl', import.meta.url).pathname;
let model: FakeOpenAI;
let web: FakeWeb;

before(async () => {
  model = await startFakeOpenAI({ fallback: fakeHuntModel });
  web = await startFakeWeb(loadWebRecords(directory));
});
after(async () => {
  await model?.close();
  await web?.close();
});
beforeEach(() => model.reset());

function provider(opts: { maxCostUsd?: number; search?: SearchBackend; extraBody?: Record<string, unknown> } = {}) {
  const complete = createModelClient({
    apiKey: 'test-key',
    baseURL: model.baseURL,
    timeoutMs: 300,
    maxAttempts: 2,
    backoffMs: 5,
    defaultRateLimitMs: 5000,
    maxRateLimitMs: 60_000,
    extraBody: opts.extraBody ?? {},
  });
  return createOpenRouterProvider({
    model: 'test/hunter',
    complete,
    search: opts.search ?? createSearxngBackend({ baseUrl: web.baseUrl, maxResults: 5, pageChars: 6000, allowPrivate: true }),
    maxTurns: 4,
    maxParallelTools: 4,
    toolTimeoutMs: 2000,
    limits: { maxCostUsd: opts.maxCostUsd ?? 1, maxTokens: 1_000_000, usdPerMillionPrompt: 0, usdPerMillionCompletion: 0 },
  });
}

const lead = (fields: Partial<CanonicalLead>): CanonicalLead => ({
  contact_id: 'h_test',
  company: null,
  street: null,
  city: null,
  state: null,
  zip: null,
  number1: null,
  number2: null,
  dm_name: null,
  ...fields,
});

async function hunt(p: ReturnType<typeof provider>, l: CanonicalLead, variants: RowVariant[] = []) {
  const events: HuntEvent[] = [];
  const outcome = await p.hunt({ lead: l, variants, onEvent: (e) => events.push(e) });
  return { outcome, events };
}

test('tool calls (parallel searches, a page) then a submitted graph: validated, phones in E.164, trace and usage kept', async () => {
  const { outcome, events } = await hunt(provider(), lead({ company: 'Haney Furniture Co', city: 'Pittsburgh', state: 'PA', number1: '+14125550101' }));
  assert.equal(outcome.matched, true);
  assert.equal(outcome.pass, 'primary');
  assert.equal(outcome.graph.contacts[0]?.display_name, 'Dana Haney');
  assert.deepEqual(outcome.graph.contacts[0]?.phones, ['+14125550103']);
  assert.deepEqual(outcome.graph.phones.map((p) => p.e164), ['+14125550101', '+14125550102']);
  assert.equal(outcome.graph.entities[0]?.legal_name, 'Haney Furniture Co LLC');
  assert.equal(outcome.graph.confidence, 0.8);
  assert.ok(Array.isArray(outcome.graph.tool_trace) && outcome.graph.tool_trace.length > 0);
  assert.deepEqual(outcome.usage, { model_calls: 3, tool_calls: 3, prompt_tokens: 2700, completion_tokens: 450, total_tokens: 3150, cost_usd: 0.0015 });
  assert.equal(model.requests.length, 3);
  const searches = events.filter((e) => e.type === 'tool_progress' && e.message.startsWith('web_search: '));
  assert.equal(searches.length, 2, 'both parallel searches are shown');
  assert.ok(events.some((e) => e.type === 'search_tail' && e.message.includes('/page/')));
  assert.deepEqual([events[0]?.type, events.at(-1)?.type], ['pass_started', 'pass_finished']);
  assert.match(events[0]!.message, /company, city, state, number1/);
});

test('nothing on the web: empty, no supplement without variants; with variants the supplement pass finds the alias', async () => {
  const empty = await hunt(provider(), lead({ company: 'Nobody Here LLC', city: 'Nome', state: 'AK' }));
  assert.equal(empty.outcome.matched, false);
  assert.equal(empty.outcome.graph.confidence, 0);
  assert.equal(empty.events.filter((e) => e.type === 'pass_started').length, 1);
  model.reset();
  const variants: RowVariant[] = [{ kind: 'company', header: 'DBA', value: 'Haney Home LLC' }];
  const found = await hunt(provider(), lead({ company: 'Nobody Here LLC', city: 'Pittsburgh', state: 'PA' }), variants);
  assert.equal(found.outcome.matched, true);
  assert.equal(found.outcome.pass, 'supplement');
  const passes = found.events.filter((e) => e.type === 'pass_started').map((e) => e.message);
  assert.deepEqual(passes, ['Primary pass with company, city, state', 'Supplement pass with company ×1']);
  assert.ok(web.queries.some((q) => q.startsWith('Haney Home LLC')));
});

test('a partly bad answer keeps its valid parts', async () => {
  model.enqueue({
    toolCalls: [
      {
        name: 'submit_result',
        arguments: {
          contacts: [{ display_name: 'Ana Ruiz', title: 'Owner', phones: ['412-555-0199', 'call me'], emails: ['ana@ruiz.example', 'nope'] }, { title: 'no name' }],
          phones: [{ e164: '+14125550100', type: 'main' }, { e164: '12' }, 'not a phone'],
          emails: [{ address: 'info@ruiz.example' }, { address: 'broken@' }],
          entities: [{ legal_name: 'Ruiz LLC', jurisdiction: 'PA' }, { jurisdiction: 'PA' }],
          confidence: 7,
          summary_markdown: 'Ruiz',
        },
      },
    ],
  });
  const { outcome, events } = await hunt(provider(), lead({ company: 'Ruiz' }));
  assert.equal(outcome.matched, true);
  assert.deepEqual(outcome.graph.contacts, [{ display_name: 'Ana Ruiz', title: 'Owner', phones: ['+14125550199'], emails: ['ana@ruiz.example'] }]);
  assert.deepEqual(outcome.graph.phones, [{ e164: '+14125550100', type: 'main' }]);
  assert.deepEqual(outcome.graph.emails, [{ address: 'info@ruiz.example', type: null }]);
  assert.deepEqual(outcome.graph.entities, [{ legal_name: 'Ruiz LLC', jurisdiction: 'PA', registration_id: null }]);
  assert.equal(outcome.graph.confidence, 0.5, 'an out-of-range confidence is replaced');
  assert.match(events.find((e) => e.type === 'pass_finished')!.message, /invalid part\(s\) dropped/);
});

test('garbage: asked once more, then the row fails with a clear error (never a crash); a non-JSON body too', async () => {
  model.enqueue({ content: 'It is probably a furniture shop.' }, { toolCalls: [{ name: 'submit_result', arguments: { contacts: [], phones: [{ e164: '+14125550100' }], emails: [], entities: [], confidence: 0.6 } }] });
  const recovered = await hunt(provider(), lead({ company: 'Ruiz' }));
  assert.equal(recovered.outcome.matched, true);
  model.reset();
  model.enqueue({ content: 'no' }, { content: '{"still": "not a graph"}' });
  await assert.rejects(hunt(provider(), lead({ company: 'Ruiz' })), (err: unknown) => err instanceof ProviderAnswerError && err.usage?.model_calls === 2);
  model.reset();
  model.enqueue({ rawBody: '<html>bad gateway page</html>' });
  await assert.rejects(hunt(provider(), lead({ company: 'Ruiz' })), ProviderAnswerError);
  model.reset();
  model.enqueue({ toolCalls: [{ name: 'submit_result', arguments: '{"contacts": [' }] }, { content: [1, 2, 3] });
  await assert.rejects(hunt(provider(), lead({ company: 'Ruiz' })), ProviderAnswerError);
});

test('5xx and timeouts are retried, then a fault; 429 asks the worker to slow down', async () => {
  model.enqueue({ status: 500 }, { status: 502 });
  await assert.rejects(hunt(provider(), lead({ company: 'Ruiz' })), (err: unknown) => err instanceof ProviderFaultError && /502 \(2 attempts\)/.test(err.message));
  model.reset();
  model.enqueue({ status: 503 }, { toolCalls: [{ name: 'submit_result', arguments: { contacts: [], phones: [], emails: [], entities: [], confidence: 0 } }] });
  assert.equal((await hunt(provider(), lead({ company: 'Ruiz' }))).outcome.matched, false, 'one 5xx then an answer');
  model.reset();
  model.enqueue({ delayMs: 1500, then: { content: 'late' } }, { delayMs: 1500, then: { content: 'late' } });
  await assert.rejects(hunt(provider(), lead({ company: 'Ruiz' })), (err: unknown) => err instanceof ProviderFaultError && /timed out/.test(err.message));
  model.reset();
  model.enqueue({ status: 429, headers: { 'retry-after': '2' } });
  await assert.rejects(hunt(provider(), lead({ company: 'Ruiz' })), (err: unknown) => err instanceof ProviderRateLimitError && err.retryAfterMs === 2000);
  assert.equal(model.requests.length, 1, 'a 429 is not hammered');
});

test('the per-row cost ceiling stops the hunt (empty, credited) and tells why', async () => {
  const { outcome, events } = await hunt(provider({ maxCostUsd: 0.0009 }), lead({ company: 'Haney Furniture Co', city: 'Pittsburgh', state: 'PA' }));
  assert.equal(outcome.matched, false);
  assert.equal(outcome.usage?.model_calls, 2);
  assert.match(events.find((e) => e.type === 'pass_finished')!.message, /cost ceiling/);
});

test('with the OpenRouter web plugin no search tools are offered, the plugin and usage accounting are requested', async () => {
  const { outcome } = await hunt(provider({ search: openrouterWebBackend, extraBody: { usage: { include: true }, plugins: [{ id: 'web' }] } }), lead({ company: 'Ruiz' }));
  assert.equal(outcome.matched, false);
  const body = model.requests[0]!.body as { tools: Array<{ function: { name: string } }>; plugins: unknown; usage: unknown };
  assert.deepEqual(body.tools.map((t) => t.function.name), ['submit_result']);
  assert.deepEqual(body.plugins, [{ id: 'web' }]);
  assert.deepEqual(body.usage, { include: true });
});
