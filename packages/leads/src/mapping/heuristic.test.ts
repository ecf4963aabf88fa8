import assert from 'node:assert/strict';
import { test } from 'node:test';
import { heuristicMapping } from './heuristic.ts';
import { validateColumnMapping } from './validate-mapping.ts';

// Shapes written for these tests only (not the fixtures), to keep the heuristic honest.
const rows = (...cells: string[][]) => cells;

test('abbreviated UPPER_SNAKE business file with owner name', () => {
  const headers = ['BUS_NM', 'BUS_ADR', 'BUS_CTY', 'BUS_ST', 'BUS_ZIP', 'OWNR_NM', 'TEL_NO'];
  const mapping = heuristicMapping(headers, rows(
    ['KESTREL TOOL & DIE INC', '410 FOUNDRY RD', 'AKRON', 'OH', '44308', 'GARY PLUMMER', '330-555-0110'],
    ['NORTHSIDE BAIT SHOP', '77 LAKE ST', 'DULUTH', 'MN', '55802', 'ANN BERG', '218-555-0190'],
  ));
  assert.deepEqual(mapping?.columns, {
    company: 'BUS_NM', street: 'BUS_ADR', city: 'BUS_CTY', state: 'BUS_ST', zip: 'BUS_ZIP', dm_name: 'OWNR_NM', number1: 'TEL_NO',
  });
});

test('service address is primary, mailing set and billing name become variants', () => {
  const headers = ['MAIL_ADDR', 'MAIL_CITY', 'MAIL_ST', 'MAIL_ZIP', 'BILL_NM', 'CUST_NM', 'SVC_ADDR', 'SVC_CITY', 'SVC_ST', 'SVC_ZIP'];
  const mapping = heuristicMapping(headers, rows(
    ['PO BOX 12', 'AKRON', 'OH', '44309', 'KESTREL HOLDINGS LLC', 'KESTREL TOOL & DIE', '410 FOUNDRY RD', 'AKRON', 'OH', '44308'],
  ));
  assert.equal(mapping?.columns.street, 'SVC_ADDR');
  assert.equal(mapping?.columns.company, 'CUST_NM');
  assert.deepEqual(mapping?.search_variants, [
    { header: 'MAIL_ADDR', kind: 'street', set: 'mailing' }, { header: 'MAIL_CITY', kind: 'city', set: 'mailing' }, { header: 'MAIL_ST', kind: 'state', set: 'mailing' },
    { header: 'MAIL_ZIP', kind: 'zip', set: 'mailing' }, { header: 'BILL_NM', kind: 'company' },
  ]);
});

test('a lone mailing address and a lone DBA name are primary', () => {
  const mapping = heuristicMapping(['DBA', 'Mailing Address', 'Mailing Zip'], rows(['Northside Bait Shop', '77 Lake St', '55802']));
  assert.deepEqual(mapping?.columns, { company: 'DBA', street: 'Mailing Address', zip: 'Mailing Zip' });
  assert.deepEqual(mapping?.search_variants, []);
});

test('merges line 1 + line 2 and first + last; prefers a full name column', () => {
  const split = heuristicMapping(['Biz', 'Addr Line 1', 'Addr Line 2', 'Zip', 'Contact First', 'Contact Last'], rows(
    ['Kestrel Tool & Die', '410 Foundry Rd', 'Ste 2', '44308', 'Gary', 'Plummer'],
  ));
  assert.deepEqual(split?.columns.street, ['Addr Line 1', 'Addr Line 2']);
  assert.deepEqual(split?.columns.dm_name, ['Contact First', 'Contact Last']);
  const full = heuristicMapping(['Company', 'Full Name', 'First Name', 'Last Name'], rows(['Kestrel Tool & Die', 'Gary Plummer', 'Gary', 'Plummer']));
  assert.equal(full?.columns.dm_name, 'Full Name');
});

test('duplicated phones, blank headers and a split zip+4', () => {
  const headers = ['Company', 'column_2', 'Phone', 'Phone (2)', 'Zip', 'Zip+4', 'column_7'];
  const mapping = heuristicMapping(headers, rows(
    ['Kestrel Tool & Die', '410 Foundry Rd', '(330) 555-0110', '(330) 555-0111', '44308', '1203', 'Fax me'],
    ['Northside Bait Shop', '77 Lake St', '(218) 555-0190', '', '55802', '4410', ''],
  ));
  assert.equal(mapping?.columns.street, 'column_2');
  assert.equal(mapping?.columns.number1, 'Phone');
  assert.equal(mapping?.columns.number2, 'Phone (2)');
  assert.equal(mapping?.columns.zip, 'Zip');
  assert.ok(!JSON.stringify(mapping).includes('Zip+4'), 'the plus-four extension is not a zip');
});

test('"Name" is decided by its values', () => {
  const people = heuristicMapping(['Name', 'Business', 'Phone'], rows(['Gary Plummer', 'Kestrel Tool & Die', '330-555-0110'], ['Ann Berg', 'Northside Bait Shop', '218-555-0190']));
  assert.equal(people?.columns.dm_name, 'Name');
  assert.equal(people?.columns.company, 'Business');
});

test('reasons never contain cell values and no header is used twice', () => {
  const headers = ['Account #', 'Customer Name', 'Service Address', 'City', 'State', 'Zip', 'Main Phone', 'Cell', 'Fax'];
  const sample = rows(['A-1001', 'Kestrel Tool & Die', '410 Foundry Rd', 'Akron', 'OH', '44308', '330-555-0110', '330-555-0112', '330-555-0113']);
  const mapping = heuristicMapping(headers, sample);
  assert.ok(mapping);
  assert.deepEqual(validateColumnMapping(headers, mapping), { ok: true });
  const reasons = Object.values(mapping.fields).map((f) => f?.reason ?? '').join(' | ');
  for (const cell of sample[0] ?? []) assert.ok(!reasons.includes(cell), `reason leaks a value`);
  for (const decision of Object.values(mapping.fields)) {
    assert.ok(decision && decision.confidence > 0 && decision.confidence <= 1);
  }
  assert.deepEqual(mapping.search_variants, [{ header: 'Fax', kind: 'phone' }]);
});

test('returns null when nothing makes the file mappable', () => {
  assert.equal(heuristicMapping(['Email', 'Notes'], rows(['a@b.com', 'hello'])), null);
});
