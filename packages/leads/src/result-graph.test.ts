import assert from 'node:assert/strict';
import { test } from 'node:test';
import { orderResultGraph } from './result-graph.ts';

test('a graph read back from jsonb is put back in declared order', () => {
  const fromJsonb = {
    summary_markdown: 's',
    confidence: 0.9,
    phones: [{ type: 'main', e164: '+14125550101' }],
    input: { zip: '15213', city: 'Pittsburgh', company: 'Haney', contact_id: 'h_1', state: 'PA', street: null, dm_name: null, number1: null, number2: null },
    contacts: [{ title: 'Owner', emails: [], phones: [], display_name: 'Dana' }],
    extra: 1,
  };
  const ordered = orderResultGraph(fromJsonb);
  assert.deepEqual(Object.keys(ordered), ['input', 'contacts', 'phones', 'confidence', 'summary_markdown', 'extra']);
  assert.deepEqual(Object.keys(ordered.input as object), ['contact_id', 'company', 'street', 'city', 'state', 'zip', 'number1', 'number2', 'dm_name']);
  assert.deepEqual(Object.keys((ordered.contacts as object[])[0]!), ['display_name', 'title', 'phones', 'emails']);
  assert.deepEqual(Object.keys((ordered.phones as object[])[0]!), ['e164', 'type']);
});
