import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ColumnUnion, flattenObject } from './flatten.ts';

const RESULT = {
  company: 'Acme',
  tool_trace: [{ tool: 'search', args: { q: 'acme' } }],
  address: { city: 'Austin', geo: { lat: 30.2, lng: -97.7 } },
  contacts: [
    { display_name: 'Ana', phones: ['+14125550100', '+14125550101'], tool_trace: { step: 1 } },
    { display_name: 'Bo', phones: [], verified: false },
  ],
  tags: [],
  extra: {},
  note: null,
  skipped: undefined,
  employees: 12,
};

test('nested objects dotted, arrays indexed, key order kept, empties and tool_trace dropped', () => {
  assert.deepEqual(flattenObject(RESULT, { omitKeys: ['tool_trace'] }), [
    ['company', 'Acme'],
    ['address.city', 'Austin'],
    ['address.geo.lat', 30.2],
    ['address.geo.lng', -97.7],
    ['contacts.0.display_name', 'Ana'],
    ['contacts.0.phones.0', '+14125550100'],
    ['contacts.0.phones.1', '+14125550101'],
    ['contacts.1.display_name', 'Bo'],
    ['contacts.1.verified', false],
    ['note', null],
    ['employees', 12],
  ]);
});

test('without omitKeys the trace is flattened like anything else', () => {
  const columns = flattenObject(RESULT).map(([column]) => column);
  assert.ok(columns.includes('tool_trace.0.args.q'));
  assert.ok(columns.includes('contacts.0.tool_trace.step'));
});

test('dates become ISO strings; nullish input gives nothing; primitives are a caller bug', () => {
  assert.deepEqual(flattenObject({ at: new Date('2026-01-02T03:04:05Z') }), [['at', '2026-01-02T03:04:05.000Z']]);
  assert.deepEqual(flattenObject(null), []);
  assert.deepEqual(flattenObject([['a']]), [['0.0', 'a']]);
  assert.throws(() => flattenObject('text'), TypeError);
});

test('ColumnUnion keeps first-appearance order across rows and aligns rows to it', () => {
  const union = new ColumnUnion();
  const rows = [
    flattenObject({ company: 'Acme', phone: '+14125550100' }),
    flattenObject({ company: 'Bo', contacts: [{ name: 'Ana' }], phone: null }),
    flattenObject({ website: 'bo.example', company: 'Cy' }),
  ];
  for (const row of rows) union.add(row);
  assert.deepEqual(union.columns, ['company', 'phone', 'contacts.0.name', 'website']);
  assert.equal(union.size, 4);
  assert.deepEqual(union.align(rows[2] ?? []), ['Cy', null, null, 'bo.example']);
  assert.deepEqual(union.align(rows[1] ?? []), ['Bo', null, 'Ana', null]);
  union.add([['late', 1]]);
  assert.deepEqual(union.align([['late', 1]]), [null, null, null, null, 1], 'columns added after align() are seen');
  union.columns.push('mutated');
  assert.equal(union.size, 5, 'callers cannot corrupt the union through the returned array');
});
