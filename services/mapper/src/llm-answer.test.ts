import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseMappingAnswer } from './llm-answer.ts';
import { SUBMIT_MAPPING_TOOL, SUBMIT_MAPPING_TOOL_DEFINITION, buildMappingMessages } from './llm-prompt.ts';

const HEADERS = ['Company', 'Street', 'Zip', 'Mailing Street', 'Shipping Street', 'Mailing Zip', 'Shipping Zip'];
const answer = (search_variants: unknown[]) => ({
  content: JSON.stringify({
    columns: { company: 'Company', street: 'Street', zip: 'Zip' },
    search_variants,
    chat_label: { primary_column: 'Company', location_columns: [] },
  }),
});

test('the prompt and the tool ask for an address set on street, city, state and zip variants', () => {
  const system = String(buildMappingMessages(HEADERS, [])[0]!.content);
  assert.match(system, /"set": "<address set>"/);
  assert.match(system, /only ever paired with the zip of\s+its own address/);
  const items = (SUBMIT_MAPPING_TOOL_DEFINITION.function.parameters as { properties: { search_variants: { items: { properties: Record<string, unknown> } } } })
    .properties.search_variants.items;
  assert.ok('set' in items.properties, `${SUBMIT_MAPPING_TOOL} offers "set"`);
});

test("the model's sets reach the decision as given", () => {
  const parsed = parseMappingAnswer(HEADERS, answer([
    { header: 'Mailing Street', kind: 'street', set: 'mailing' },
    { header: 'Shipping Street', kind: 'street', set: 'shipping' },
    { header: 'Mailing Zip', kind: 'zip', set: 'mailing' },
    { header: 'Shipping Zip', kind: 'zip', set: 'shipping' },
  ]));
  assert.ok(parsed.ok);
  assert.deepEqual(parsed.decision.search_variants.map((v) => `${v.header}@${v.set}`), [
    'Mailing Street@mailing', 'Shipping Street@shipping', 'Mailing Zip@mailing', 'Shipping Zip@shipping',
  ]);
});

test('a second zip in one set is dropped (named), not the whole paid answer; an answer without sets still parses', () => {
  const parsed = parseMappingAnswer(HEADERS, answer([
    { header: 'Mailing Street', kind: 'street', set: 'mailing' },
    { header: 'Mailing Zip', kind: 'zip', set: 'mailing' },
    { header: 'Shipping Zip', kind: 'zip', set: 'mailing' },
  ]));
  assert.ok(parsed.ok);
  assert.deepEqual(parsed.decision.search_variants.map((v) => v.header), ['Mailing Street', 'Mailing Zip']);
  assert.deepEqual(parsed.dropped, ['search_variants[2]: its address set already has a zip']);
  const unset = parseMappingAnswer(HEADERS, answer([{ header: 'Mailing Street', kind: 'street' }, { header: 'Mailing Zip', kind: 'zip' }]));
  assert.ok(unset.ok);
  assert.deepEqual(unset.decision.search_variants, [{ header: 'Mailing Street', kind: 'street' }, { header: 'Mailing Zip', kind: 'zip' }]);
});
