import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deriveRow } from '../derive-row.ts';
import { heuristicMapping } from './heuristic.ts';
import { validateColumnMapping } from './validate-mapping.ts';

const HEADERS = ['Street', 'Zip', 'Mailing Street', 'Shipping Street', 'Mailing Zip', 'Shipping Zip'];
const ROW = ['100 Main St', '10001', '200 Oak Ave', '300 Pine Rd', '20002', '30003'];

test('each address variant carries the set its columns were grouped into, whatever the column order', () => {
  const mapping = heuristicMapping(HEADERS, [ROW, ROW]);
  assert.deepEqual(mapping?.columns, { street: 'Street', zip: 'Zip' });
  assert.deepEqual(mapping?.search_variants, [
    { header: 'Mailing Street', kind: 'street', set: 'mailing' },
    { header: 'Shipping Street', kind: 'street', set: 'shipping' },
    { header: 'Mailing Zip', kind: 'zip', set: 'mailing' },
    { header: 'Shipping Zip', kind: 'zip', set: 'shipping' },
  ]);
});

test('two unqualified address copies get distinct set ids', () => {
  const headers = ['Company', 'Address', 'City', 'State', 'Zip', 'Address (2)', 'City (2)', 'State (2)', 'Zip (2)', 'Address (3)', 'City (3)', 'State (3)', 'Zip (3)'];
  const row = ['Blue Heron LLC', '18 Water St', 'Boise', 'ID', '83702', '9 Pier Ave', 'Nampa', 'ID', '83651', '7 Dock Rd', 'Eagle', 'ID', '83616'];
  const sets = new Map<string, string[]>();
  for (const v of heuristicMapping(headers, [row, row])?.search_variants ?? []) sets.set(v.set ?? '', [...(sets.get(v.set ?? '') ?? []), v.header]);
  assert.equal(sets.size, 2, JSON.stringify([...sets]));
  assert.ok(!sets.has(''), 'every address variant has a set');
  assert.deepEqual([...sets.values()].map((headersOfSet) => headersOfSet.length), [4, 4]);
});

test('derive-row stores the set with each variant value; a mapping without sets (stored before them) still derives', () => {
  const mapping = heuristicMapping(HEADERS, [ROW, ROW])!;
  const row = deriveRow(HEADERS, ROW, mapping);
  assert.deepEqual(row.variants.map((v) => `${v.set}:${v.kind}=${v.value}`), ['mailing:street=200 Oak Ave', 'shipping:street=300 Pine Rd', 'mailing:zip=20002', 'shipping:zip=30003']);
  const old = { ...mapping, search_variants: mapping.search_variants.map(({ header, kind }) => ({ header, kind })) };
  assert.deepEqual(deriveRow(HEADERS, ROW, old).variants.map((v) => 'set' in v), [false, false, false, false]);
});

test('a mapping whose address set has two zips is refused: the street could pair with either', () => {
  const mapping = {
    columns: { street: 'Street', zip: 'Zip' },
    search_variants: [
      { header: 'Mailing Street', kind: 'street' as const, set: 'mailing' },
      { header: 'Mailing Zip', kind: 'zip' as const, set: 'mailing' },
      { header: 'Shipping Zip', kind: 'zip' as const, set: 'mailing' },
    ],
    chat_label: { primary_column: 'Street', location_columns: [] },
  };
  const result = validateColumnMapping(HEADERS, mapping);
  assert.equal(result.ok, false);
  assert.match(String(!result.ok && result.problems), /address set 'mailing' has more than one zip/);
  const twoLines = { ...mapping, search_variants: [...mapping.search_variants.slice(0, 2), { header: 'Shipping Street', kind: 'street' as const, set: 'mailing' }] };
  assert.deepEqual(validateColumnMapping(HEADERS, twoLines), { ok: true }, 'several street lines in one set are fine');
});
