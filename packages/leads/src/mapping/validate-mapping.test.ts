import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ColumnMapping } from '../types.ts';
import { isMappable } from './mappable.ts';
import { validateColumnMapping } from './validate-mapping.ts';

const headers = ['Company', 'Street', 'City', 'State', 'Fax'];

test('accepts a consistent mapping', () => {
  const mapping: ColumnMapping = {
    columns: { company: 'Company', street: ['Street'], city: 'City', state: 'State' },
    search_variants: [{ header: 'Fax', kind: 'phone' }],
    chat_label: { primary_column: 'Company', location_columns: ['City', 'State'] },
  };
  assert.deepEqual(validateColumnMapping(headers, mapping), { ok: true });
});

test('reports missing headers, reuse, bad kinds and chat label headers', () => {
  const result = validateColumnMapping(headers, {
    columns: { company: 'Company', dm_name: 'Owner', street: ['Street', 'City'], city: 'City' },
    search_variants: [{ header: 'Company', kind: 'company' }],
    chat_label: { primary_column: 'Business', location_columns: [] },
  });
  assert.equal(result.ok, false);
  const problems = result.ok ? [] : result.problems.join('\n');
  assert.match(String(problems), /'Owner', which the file does not have/);
  assert.match(String(problems), /'City' is used by both columns.street and columns.city/);
  assert.match(String(problems), /'Company' is used by both columns.company and search_variants\[0\]/);
  assert.match(String(problems), /chat_label names header 'Business'/);
  const badKind = validateColumnMapping(headers, {
    columns: { company: 'Company' },
    search_variants: [{ header: 'Fax', kind: 'fax' as never }],
    chat_label: { primary_column: null, location_columns: [] },
  });
  assert.equal(badKind.ok, false);
});

test('mappable means company, or street with city+state or zip', () => {
  assert.ok(isMappable({ company: 'A' }));
  assert.ok(isMappable({ street: ['A', 'B'], zip: 'Z' }));
  assert.ok(isMappable({ street: 'A', city: 'C', state: 'S' }));
  assert.ok(!isMappable({ street: 'A', city: 'C' }));
  assert.ok(!isMappable({ dm_name: 'A', number1: 'P' }));
});
