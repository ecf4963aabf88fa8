import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { CanonicalLead, RowVariant } from '@bej/leads';
import { startFakeVendor, type FakeVendor, type VendorReply, type VendorRequest } from '../test-support/fake-vendor.ts';
import { createHttpProvider } from './http.provider.ts';
import { ProviderAnswerError, ProviderFaultError, ProviderRateLimitError } from './provider-errors.ts';
import type { HuntEvent } from './provider.ts';

const GRAPH = {
  contacts: [{ display_name: 'Dana Haney', title: 'Owner', phones: ['(412) 555-0103'], emails: ['dana@haney.example'] }],
  phones: [{ e164: '412.555.0101', type: 'main' }],
  emails: [{ address: 'info@haney.example', type: 'generic' }],
  entities: [],
  confidence: 0.9,
  summary_markdown: 'Haney',
  events: [{ type: 'search_tail', message: 'registry hit' }],
  cost_usd: 0.01,
};
const EMPTY = { contacts: [], phones: [], emails: [], entities: [], confidence: 0 };

const calls = new Map<string, number>();
function script(request: VendorRequest): VendorReply {
  const company = request.body.lead.company ?? '';
  const n = (calls.get(company) ?? 0) + 1;
  calls.set(company, n);
  if (request.authorization !== 'Bearer vendor-secret') return { status: 401, body: { error: 'no' } };
  if (company === 'Haney Furniture Co') return { status: 200, body: GRAPH };
  if (company === 'Alias Only') return { status: 200, body: request.body.pass === 'supplement' && request.body.search_variants.length === 1 ? GRAPH : EMPTY };
  if (company === 'Flaky') return n === 1 ? { status: 503, body: {} } : { status: 200, body: GRAPH };
  if (company === 'Down') return { status: 500, body: {} };
  if (company === 'Slow') return { status: 200, body: GRAPH, delayMs: 1000 };
  if (company === 'Busy') return { status: 429, body: {}, headers: { 'retry-after': '3' } };
  if (company === 'Garbage') return { raw: 'oops, html' };
  return { status: 200, body: EMPTY };
}

let vendor: FakeVendor;
before(async () => {
  vendor = await startFakeVendor(script);
});
after(async () => {
  await vendor?.close();
});

const provider = (token = 'vendor-secret') =>
  createHttpProvider({ url: vendor.url, token, timeoutMs: 300, maxAttempts: 2, backoffMs: 5, defaultRateLimitMs: 5000, maxRateLimitMs: 60_000 });
const lead = (company: string): CanonicalLead => ({ contact_id: 'h_x', company, street: null, city: 'Pittsburgh', state: 'PA', zip: null, number1: null, number2: null, dm_name: null });

async function hunt(company: string, variants: RowVariant[] = [], token?: string) {
  const events: HuntEvent[] = [];
  const outcome = await provider(token).hunt({ lead: lead(company), variants, onEvent: (e) => events.push(e) });
  return { outcome, events };
}

test('POSTs the canonical lead with the bearer and validates the graph; vendor events show live', async () => {
  const { outcome, events } = await hunt('Haney Furniture Co');
  assert.equal(outcome.matched, true);
  assert.deepEqual(outcome.graph.phones, [{ e164: '+14125550101', type: 'main' }]);
  assert.deepEqual(outcome.graph.contacts[0]?.phones, ['+14125550103']);
  assert.equal(outcome.usage?.cost_usd, 0.01);
  assert.ok(events.some((e) => e.type === 'search_tail' && e.message === 'vendor: registry hit'));
  const sent = vendor.requests.at(-1)!;
  assert.equal(sent.body.pass, 'primary');
  assert.equal(sent.body.lead.company, 'Haney Furniture Co');
  assert.deepEqual(sent.body.search_variants, []);
});

test('the supplement pass posts the variants only when the first found nothing', async () => {
  const { outcome } = await hunt('Alias Only', [{ kind: 'company', header: 'DBA', value: 'Haney Home' }]);
  assert.equal(outcome.pass, 'supplement');
  const mine = vendor.requests.filter((r) => r.body.lead.company === 'Alias Only');
  assert.deepEqual(mine.map((r) => r.body.pass), ['primary', 'supplement']);
  assert.deepEqual(mine[1]!.body.search_variants, [{ kind: 'company', header: 'DBA', value: 'Haney Home' }]);
  assert.equal((await hunt('Nobody')).outcome.matched, false);
});

test('faults: a 5xx is retried, persistent 5xx / timeout become faults, 429 a rate limit, garbage and 401 are refused', async () => {
  assert.equal((await hunt('Flaky')).outcome.matched, true);
  await assert.rejects(hunt('Down'), (err: unknown) => err instanceof ProviderFaultError && /500 \(2 attempts\)/.test(err.message));
  await assert.rejects(hunt('Slow'), (err: unknown) => err instanceof ProviderFaultError && /timed out/.test(err.message));
  await assert.rejects(hunt('Busy'), (err: unknown) => err instanceof ProviderRateLimitError && err.retryAfterMs === 3000);
  await assert.rejects(hunt('Garbage'), ProviderAnswerError);
  await assert.rejects(hunt('Haney Furniture Co', [], 'wrong'), (err: unknown) => err instanceof ProviderAnswerError && /401/.test(err.message));
});
