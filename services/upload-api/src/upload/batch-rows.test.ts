import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BatchMapping } from '@bej/leads';
import { deriveBatchRows, deriveBatchRowsYielding } from './batch-rows.ts';

const headers = ['Company', 'Zip'];
const mapping: BatchMapping = {
  source: 'fast_path',
  columns: { company: 'Company', zip: 'Zip' },
  search_variants: [],
  chat_label: { primary_column: 'Company', location_columns: [] },
  delimiter: ',',
  encoding: 'utf-8',
  fields: {},
  unmapped_headers: [],
};

test('a row wider than the header is stored invalid with its reason (also when re-derived), short rows read as blanks', () => {
  const rows = [['Acme', '15213'], ['Acme', ' Inc', '15213'], ['Beta'], ['Gamma', '15217', 'extra']];
  const derived = deriveBatchRows(headers, rows.map((cells, rowIndex) => ({ rowIndex, cells })), mapping, 3);
  assert.deepEqual(derived.map((r) => r.status), ['pending', 'invalid', 'pending', 'skipped']);
  assert.match(derived[1]!.error ?? '', /^too_many_fields: the row has 3 fields and the header 2/);
  assert.equal(derived[0]!.error, null);
  assert.equal(derived[2]!.error, null);
  assert.match(derived[3]!.error ?? '', /^too_many_fields/, 'the reason stays even past the limit');
});

test('deriving in slices gives the same rows as deriving at once', async () => {
  const rows = Array.from({ length: 450 }, (_, i) => [`Company ${i}`, String(15000 + i)]);
  const indexed = rows.map((cells, rowIndex) => ({ rowIndex, cells }));
  assert.deepEqual(await deriveBatchRowsYielding(headers, indexed, mapping, 400), deriveBatchRows(headers, indexed, mapping, 400));
});
