import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deriveRow } from './derive-row.ts';
import type { ColumnMapping } from './types.ts';

const HEADERS = ['Company', 'Address', 'Address 2', 'City', 'State', 'Zip', 'Phone', 'Mobile', 'First', 'Last', 'DBA', 'Account'];

const MAPPING: ColumnMapping = {
  columns: {
    company: 'Company',
    street: ['Address', 'Address 2'],
    city: 'City',
    state: 'State',
    zip: 'Zip',
    number1: 'Phone',
    number2: 'Mobile',
    dm_name: ['First', 'Last'],
  },
  search_variants: [
    { header: 'DBA', kind: 'company' },
    { header: 'Mobile', kind: 'phone' },
    { header: 'Account', kind: 'account_id' },
  ],
  chat_label: { primary_column: 'Company', location_columns: ['City', 'State'] },
};

function row(overrides: Record<string, string>): string[] {
  const base: Record<string, string> = {
    Company: ' Haney Furniture Co ', Address: '100 Main St', 'Address 2': 'Suite 200', City: 'Pittsburgh', State: 'pa',
    Zip: '15213', Phone: '(724) 654-7732', Mobile: '', First: 'Dana', Last: ' Haney', DBA: '', Account: '',
  };
  return HEADERS.map((header) => overrides[header] ?? base[header] ?? '');
}

test('deriveRow merges listed headers in order and cleans every value', () => {
  const { input } = deriveRow(HEADERS, row({}), MAPPING);
  assert.equal(input.company, 'Haney Furniture Co');
  assert.equal(input.street, '100 Main St Suite 200');
  assert.equal(input.dm_name, 'Dana Haney');
  assert.equal(input.state, 'PA');
  assert.equal(input.number1, '+17246547732');
  assert.equal(input.number2, null);
});

test('deriveRow skips a blank part of a merged field', () => {
  const { input } = deriveRow(HEADERS, row({ 'Address 2': '  ', First: '' }), MAPPING);
  assert.equal(input.street, '100 Main St');
  assert.equal(input.dm_name, 'Haney');
});

test('deriveRow keeps an unparseable phone as given and restores a zip leading zero', () => {
  const { input } = deriveRow(HEADERS, row({ Phone: 'call office', Zip: '2134', State: 'Massachusetts' }), MAPPING);
  assert.equal(input.number1, 'call office');
  assert.equal(input.zip, '02134');
  assert.equal(input.state, 'Massachusetts');
});

test('deriveRow keeps a mapped contact_id', () => {
  const mapping: ColumnMapping = { ...MAPPING, columns: { ...MAPPING.columns, contact_id: 'Account' } };
  assert.equal(deriveRow(HEADERS, row({ Account: ' A-17 ' }), mapping).input.contact_id, 'A-17');
});

test('deriveRow derives the same contact_id for the same lead spelled differently', () => {
  const first = deriveRow(HEADERS, row({}), MAPPING).input.contact_id;
  const second = deriveRow(HEADERS, row({ Company: 'HANEY FURNITURE, CO.', Address: '100 Main Street', 'Address 2': 'Ste 2', State: 'Pennsylvania', Zip: '15213-0001', Phone: '' }), MAPPING).input.contact_id;
  const other = deriveRow(HEADERS, row({ City: 'Erie' }), MAPPING).input.contact_id;
  assert.match(first, /^h_[0-9a-f]{16}$/);
  assert.equal(second, first);
  assert.notEqual(other, first);
});

test('deriveRow decides validity from company or enough address', () => {
  const valid = (overrides: Record<string, string>) => deriveRow(HEADERS, row(overrides), MAPPING).valid;
  assert.equal(valid({}), true);
  assert.equal(valid({ Address: '', 'Address 2': '', City: '', State: '', Zip: '' }), true, 'company alone');
  assert.equal(valid({ Company: '', Zip: '' }), true, 'street with city and state');
  assert.equal(valid({ Company: '', City: '', State: '' }), true, 'street with zip');
  assert.equal(valid({ Company: '', State: '', Zip: '' }), false, 'street with city only');
  assert.equal(valid({ Company: '', Address: '', 'Address 2': '' }), false, 'no street');
});

test('deriveRow collects non-blank variants with phones normalised', () => {
  const { variants } = deriveRow(HEADERS, row({ DBA: 'Haney Home LLC', Mobile: '724.654.7700', Account: 'ACC-9' }), MAPPING);
  assert.deepEqual(variants, [
    { kind: 'company', header: 'DBA', value: 'Haney Home LLC' },
    { kind: 'phone', header: 'Mobile', value: '+17246547700' },
    { kind: 'account_id', header: 'Account', value: 'ACC-9' },
  ]);
  assert.deepEqual(deriveRow(HEADERS, row({}), MAPPING).variants, []);
});

test('deriveRow builds the chat title from the chat label', () => {
  assert.equal(deriveRow(HEADERS, row({}), MAPPING).chatTitle, 'Haney Furniture Co — Pittsburgh, pa');
  assert.equal(deriveRow(HEADERS, row({ City: '' }), MAPPING).chatTitle, 'Haney Furniture Co — pa');
  assert.equal(deriveRow(HEADERS, row({ Company: '' }), MAPPING).chatTitle, 'Pittsburgh, pa');
  assert.equal(deriveRow(HEADERS, row({ Company: '', City: '', State: '' }), MAPPING).chatTitle, null);
  const long = deriveRow(HEADERS, row({ Company: 'X'.repeat(200) }), MAPPING).chatTitle ?? '';
  assert.equal(long.length, 120);
  assert.ok(long.endsWith('…'));
});

test('deriveRow tolerates short rows and headers the file does not have', () => {
  const mapping: ColumnMapping = { ...MAPPING, columns: { ...MAPPING.columns, city: 'Town' } };
  const { input, valid } = deriveRow(HEADERS, ['Haney Furniture Co'], mapping);
  assert.equal(input.company, 'Haney Furniture Co');
  assert.equal(input.city, null);
  assert.equal(valid, true);
});
