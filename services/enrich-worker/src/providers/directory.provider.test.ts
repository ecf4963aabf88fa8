import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deriveRow, type CanonicalLead, type RowVariant } from '@bej/leads';
import { buildDirectoryIndex, createDirectoryProvider } from './directory.provider.ts';
import type { HuntEvent } from './provider.ts';
import type { DirectoryRecordInput } from './directory-record.schema.ts';

const HANEY: DirectoryRecordInput = {
  company: 'Haney Furniture Co',
  aliases: ['Haney Home LLC'],
  street: '100 Main St',
  city: 'Pittsburgh',
  state: 'PA',
  zip: '15213',
  phones: [{ number: '(724) 654-7732', type: 'main' }, { number: '724.654.7732', type: 'main' }, { number: 'n/a', type: 'fax' }],
  contacts: [{ display_name: 'Dana Haney', title: 'Owner', phones: ['724-654-7700'], emails: ['dana@haney.example'] }],
  emails: [{ address: 'info@haney.example', type: 'generic' }, { address: 'INFO@haney.example', type: 'generic' }],
  entities: [{ legal_name: 'Haney Furniture Company LLC', jurisdiction: 'PA', registration_id: '1234567' }],
  account_ids: ['ACC-9'],
};
const OTHER: DirectoryRecordInput = { company: 'Birchwood Dental PLLC', street: '780 Forbes Ave', city: 'Pittsburgh', state: 'PA', zip: '15219', phones: [{ number: '412-555-0108' }] };

const provider = createDirectoryProvider({ index: buildDirectoryIndex([OTHER, HANEY]) });

function lead(fields: Partial<CanonicalLead>): CanonicalLead {
  return { contact_id: 'c1', company: null, street: null, city: null, state: null, zip: null, number1: null, number2: null, dm_name: null, ...fields };
}

async function hunt(fields: Partial<CanonicalLead>, variants: RowVariant[] = []) {
  const events: HuntEvent[] = [];
  const outcome = await provider.hunt({ lead: lead(fields), variants, onEvent: (event) => events.push(event) });
  return { ...outcome, events };
}

test('a lead phone equal to a record phone matches, also a contact phone and number2', async () => {
  assert.equal((await hunt({ number1: '+17246547732' })).matched, true);
  assert.equal((await hunt({ number1: '724 654 7700' })).matched, true);
  assert.equal((await hunt({ number1: 'none', number2: '(724) 654-7732' })).matched, true);
  assert.equal((await hunt({ number1: '724-654-7799' })).matched, false);
});

test('company (or alias) with zip or city and state matches', async () => {
  assert.equal((await hunt({ company: 'HANEY FURNITURE, L.L.C.', zip: '15213-9999' })).matched, true);
  assert.equal((await hunt({ company: 'The Haney Furniture Company', city: 'pittsburgh', state: 'Pennsylvania' })).matched, true);
  assert.equal((await hunt({ company: 'Haney Home', city: 'Pittsburgh', state: 'PA' })).matched, true);
});

test('the same company in another city, or with a city but no state, does not match', async () => {
  assert.equal((await hunt({ company: 'Haney Furniture Co', city: 'Cleveland', state: 'OH', zip: '44113' })).matched, false);
  assert.equal((await hunt({ company: 'Haney Furniture Co', city: 'Pittsburgh' })).matched, false);
  assert.equal((await hunt({ company: 'Haney Furniture Co' })).matched, false);
});

test('street with zip matches despite a unit; the same street in another zip does not', async () => {
  assert.equal((await hunt({ street: '100 Main Street Suite 200', zip: '15213' })).matched, true);
  assert.equal((await hunt({ street: '100 Main St', zip: '15222', city: 'Pittsburgh', state: 'PA' })).matched, false);
  assert.equal((await hunt({ street: '101 Main St', zip: '15213' })).matched, false);
});

test('a match carries the record graph with E.164 phones, de-duplicated', async () => {
  const { graph, pass } = await hunt({ company: 'Haney Furniture', zip: '15213', number1: '7246547732' });
  assert.equal(pass, 'primary');
  assert.deepEqual(graph.phones, [{ e164: '+17246547732', type: 'main' }]);
  assert.deepEqual(graph.emails, [{ address: 'info@haney.example', type: 'generic' }]);
  assert.deepEqual(graph.contacts, [{ display_name: 'Dana Haney', title: 'Owner', phones: ['+17246547700'], emails: ['dana@haney.example'] }]);
  assert.deepEqual(graph.entities, [{ legal_name: 'Haney Furniture Company LLC', jurisdiction: 'PA', registration_id: '1234567' }]);
  assert.equal(graph.confidence, 0.95);
  assert.equal(graph.summary_markdown, '**Haney Furniture Co** — matched by phone and company name (first pass); 1 contact, 1 phone, 1 email, 1 legal entity.');
  assert.ok(Array.isArray(graph.tool_trace) && graph.tool_trace.length > 0);
  assert.doesNotMatch(JSON.stringify(graph.tool_trace), /Haney|7246547732|15213/, 'the trace carries no lead values');
});

test('confidence follows the criteria', async () => {
  assert.equal((await hunt({ company: 'Haney Furniture', zip: '15213' })).graph.confidence, 0.9);
  assert.equal((await hunt({ street: '100 Main St', zip: '15213' })).graph.confidence, 0.85);
  assert.equal((await hunt({ number1: '7246547732', company: 'Haney', street: '100 Main St', zip: '15213' })).graph.confidence, 0.95);
});

test('no match gives an empty graph', async () => {
  const { matched, pass, graph, events } = await hunt({ company: 'Nobody Here', zip: '99999' });
  assert.equal(matched, false);
  assert.equal(pass, null);
  assert.deepEqual({ ...graph, tool_trace: undefined }, { contacts: [], phones: [], emails: [], entities: [], confidence: 0, summary_markdown: null, tool_trace: undefined });
  assert.deepEqual(events.map((event) => event.type), ['pass_started', 'search_tail', 'tool_progress', 'pass_finished']);
});

test('several matching records: more criteria win, then file order', () => {
  const twin = { ...HANEY, phones: [], contacts: [], account_ids: [], aliases: [] };
  const index = buildDirectoryIndex([twin, HANEY]);
  const byBoth = createDirectoryProvider({ index }).hunt({ lead: lead({ company: 'Haney Furniture', zip: '15213', number1: '7246547732' }), variants: [] });
  const byName = createDirectoryProvider({ index }).hunt({ lead: lead({ company: 'Haney Furniture', zip: '15213' }), variants: [] });
  return Promise.all([byBoth, byName]).then(([both, name]) => {
    assert.equal(both.graph.phones.length, 1, 'the record that also matches by phone');
    assert.equal(name.graph.phones.length, 0, 'the first record in file order');
  });
});

test('supplement pass: variant phone', async () => {
  const outcome = await hunt({ company: 'Unknown Shop', zip: '15213' }, [{ kind: 'phone', header: 'Mobile', value: '+17246547700' }]);
  assert.equal(outcome.pass, 'supplement');
  assert.equal(outcome.graph.confidence, 0.79);
  assert.match(outcome.graph.summary_markdown ?? '', /\(supplement pass\)/);
  assert.deepEqual(outcome.events.filter((event) => event.type === 'pass_started').length, 2);
});

test('supplement pass: variant company against the lead location and the variant location', async () => {
  const dba: RowVariant = { kind: 'company', header: 'DBA', value: 'Haney Home' };
  assert.equal((await hunt({ company: 'HF Holdings', city: 'Pittsburgh', state: 'PA' }, [dba])).pass, 'supplement');
  const elsewhere = { company: 'HF Holdings', city: 'Erie', state: 'PA', zip: '16503' };
  assert.equal((await hunt(elsewhere, [dba])).matched, false);
  assert.equal((await hunt(elsewhere, [dba, { kind: 'zip', header: 'Mail Zip', value: '15213' }])).pass, 'supplement');
  assert.equal((await hunt(elsewhere, [dba, { kind: 'city', header: 'Mail City', value: 'Pittsburgh' }])).pass, 'supplement');
  assert.equal((await hunt({ company: 'HF Holdings', city: 'Pittsburgh', state: 'OH' }, [dba, { kind: 'state', header: 'Mail State', value: 'PA' }])).pass, 'supplement');
});

test('supplement pass: variant street with the variant zip or the lead zip', async () => {
  const street: RowVariant = { kind: 'street', header: 'Mailing Address', value: '100 Main St Unit 4' };
  assert.equal((await hunt({ street: '9 Elm St', zip: '15213' }, [street])).pass, 'supplement');
  assert.equal((await hunt({ street: '9 Elm St', zip: '16503' }, [street])).matched, false);
  assert.equal((await hunt({ street: '9 Elm St', zip: '16503' }, [street, { kind: 'zip', header: 'Mailing Zip', value: '15213' }])).pass, 'supplement');
});

test('supplement pass: account id against record account_ids', async () => {
  assert.equal((await hunt({ company: 'Unknown' }, [{ kind: 'account_id', header: 'Account', value: ' acc-9 ' }])).pass, 'supplement');
  assert.equal((await hunt({ company: 'Unknown' }, [{ kind: 'account_id', header: 'Account', value: 'ACC-10' }])).matched, false);
});

test('the supplement pass is skipped when the primary pass matched or there are no variants', async () => {
  const primary = await hunt({ number1: '7246547732' }, [{ kind: 'account_id', header: 'Account', value: 'ACC-9' }]);
  assert.equal(primary.pass, 'primary');
  assert.equal(primary.events.filter((event) => event.type === 'pass_started').length, 1);
  const none = await hunt({ company: 'Unknown' });
  assert.equal(none.events.filter((event) => event.type === 'pass_started').length, 1);
});

test('a row key equal to a record account id is looked up even when the row has no variant values', async () => {
  const keyed = createDirectoryProvider({ index: buildDirectoryIndex([{ ...OTHER, account_ids: ['7680555407'] }]) });
  const outcome = await keyed.hunt({ lead: lead({ contact_id: '7680555407', company: 'Unknown' }), variants: [] });
  assert.equal(outcome.matched, true);
  assert.equal(outcome.pass, 'supplement');
});

test('simulated latency waits and honours the abort signal', async () => {
  const slow = createDirectoryProvider({ index: buildDirectoryIndex([HANEY]), simulatedLatencyMs: 5_000 });
  const controller = new AbortController();
  const started = Date.now();
  const pending = slow.hunt({ lead: lead({ number1: '7246547732' }), variants: [], signal: controller.signal });
  controller.abort();
  await assert.rejects(pending, { name: 'AbortError' });
  assert.ok(Date.now() - started < 1_000);
  const quick = createDirectoryProvider({ index: buildDirectoryIndex([HANEY]), simulatedLatencyMs: 20 });
  const before = Date.now();
  assert.equal((await quick.hunt({ lead: lead({ number1: '7246547732' }), variants: [] })).matched, true);
  assert.ok(Date.now() - before >= 15);
});

test('a street cell with a second line inside it still matches its record by street + zip', async () => {
  const headers = ['Street', 'Zip'];
  const { input } = deriveRow(headers, ['100 Main Street\nRear entrance', '15213'], { columns: { street: 'Street', zip: 'Zip' }, search_variants: [], chat_label: { primary_column: 'Street', location_columns: [] } });
  assert.equal(input.street, '100 Main Street, Rear entrance');
  const outcome = await hunt({ street: input.street, zip: input.zip });
  assert.equal(outcome.matched, true);
  assert.equal((await hunt({ street: '100 Main Street\nRear entrance', zip: '15213' })).matched, true);
  assert.equal((await hunt({ street: '101 Main Street\nRear entrance', zip: '15213' })).matched, false);
});
