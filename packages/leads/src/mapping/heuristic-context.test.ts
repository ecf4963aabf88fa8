import assert from 'node:assert/strict';
import { test } from 'node:test';
import { splitCompound } from './header-tokens.ts';
import { heuristicMapping } from './heuristic.ts';

// Small shapes for the rules added after the second blind corpus (tests/fixtures/exports-blind2) measured them.

test('glued abbreviations split into known words, unknown words stay whole', () => {
  assert.deepEqual(splitCompound('servaddr'), ['serv', 'addr']);
  assert.deepEqual(splitCompound('zipcd'), ['zip', 'cd']);
  assert.deepEqual(splitCompound('lifecycle'), ['lifecycle']);
});

test('CIS extract with glued headers: service address primary, mailing address variants', () => {
  const headers = ['ACCTNO', 'CUSTNAME', 'SERVADDR', 'SRVCITY', 'SVCSTATE', 'ZIPCD', 'TELNO', 'MAILADDR', 'MAILZIP'];
  const mapping = heuristicMapping(headers, [['4100-20000', 'BLUE HERON', '18 WATER ST', 'BOISE', 'ID', '83702', '2085550100', 'PO BOX 9', '83701']]);
  assert.deepEqual(mapping?.columns, { contact_id: 'ACCTNO', company: 'CUSTNAME', street: 'SERVADDR', city: 'SRVCITY', state: 'SVCSTATE', zip: 'ZIPCD', number1: 'TELNO' });
  assert.deepEqual(mapping?.search_variants, [{ header: 'MAILADDR', kind: 'street', set: 'mailing' }, { header: 'MAILZIP', kind: 'zip', set: 'mailing' }]);
});

test('house number + street name + unit, city-state-zip cell as a zip variant', () => {
  const headers = ['PREMISE_ID', 'ACCOUNT_NUM', 'CUSTOMER_NAME', 'PREMISE_HOUSE_NO', 'PREMISE_STREET', 'PREMISE_UNIT', 'PREMISE_ZIP', 'MAIL_ADDR_1', 'MAIL_CSZ'];
  const mapping = heuristicMapping(headers, [['P90210', '9174-13712', 'MAPLE LEAF BAKERY', '122', 'CHURCH ST', 'STE 2', '45202', 'PO BOX 9', 'CINCINNATI, OH 45202']]);
  assert.deepEqual(mapping?.columns.street, ['PREMISE_HOUSE_NO', 'PREMISE_STREET', 'PREMISE_UNIT']);
  // The premise id is not the row key (the account number is) but stays searchable as an account id.
  assert.deepEqual(mapping?.search_variants, [{ header: 'PREMISE_ID', kind: 'account_id' }, { header: 'MAIL_ADDR_1', kind: 'street', set: 'mailing' }, { header: 'MAIL_CSZ', kind: 'zip', set: 'mailing' }]);
});

test('MYOB-style continuation headers belong to the block labelled before them', () => {
  const headers = ['Co./Last Name', 'Addr 1 - Line 1', '- Line 2', '- City', '- State', '- Postcode', '- Contact Name', 'Addr 2 - Line 1', '- Line 2 (2)', '- City (2)', '- State (2)', '- Postcode (2)'];
  const row = ['Blue Heron', '18 Water St', 'Ste 2', 'Boise', 'ID', '83702', 'Minh Sato', '5011 Old Mill Rd', '', 'Duluth', 'MN', '55802'];
  const mapping = heuristicMapping(headers, [row]);
  assert.deepEqual(mapping?.columns, { company: 'Co./Last Name', street: ['Addr 1 - Line 1', '- Line 2'], city: '- City', state: '- State', zip: '- Postcode', dm_name: '- Contact Name' });
  // Every line of a variant set is listed, like line 1.
  assert.deepEqual(mapping?.search_variants.map((v) => v.header), ['Addr 2 - Line 1', '- Line 2 (2)', '- City (2)', '- State (2)', '- Postcode (2)']);
});

test('a bare Name next to a Company column is the person; a record owner on every row is not', () => {
  const rows = ['Oluwaseun Sato', 'Thandiwe Mbeki', 'Wojciech Nowak', 'Ximena Ruiz', 'Siobhan Kerr'].map((name, i) => [name, `Shop ${i} LLC`, 'Sam Ortiz', `${100 + i} Main St`, '45402']);
  const mapping = heuristicMapping(['Name', 'Company', 'Owner', 'Address', 'Zip'], rows);
  assert.equal(mapping?.columns.dm_name, 'Name');
  assert.equal(mapping?.columns.company, 'Company');
});

test('secondary address is a variant set; a second unnumbered Address of suites is line 2; mobile beats toll-free', () => {
  const headers = ['Organization', 'Street', 'City', 'Province/State', 'Postal/Zip Code', 'Secondary Street', 'Secondary Postal/Zip Code', 'Phone', 'Toll Free', 'Mobile'];
  const mapping = heuristicMapping(headers, [['Blue Heron', '18 Water St', 'Boise', 'ID', '83702', '5011 Old Mill Rd', '55802', '2085550100', '8005550111', '2085550150']]);
  assert.equal(mapping?.columns.street, 'Street');
  assert.equal(mapping?.columns.number2, 'Mobile');
  assert.deepEqual(mapping?.search_variants.map((v) => `${v.header}:${v.kind}`), ['Secondary Street:street', 'Secondary Postal/Zip Code:zip', 'Toll Free:phone']);
  const duplicated = heuristicMapping(['Business', 'Address', 'Address (2)', 'Zip'], [['Blue Heron', '18 Water St', 'Suite 4', '83702'], ['Kowalski Meats', '3115 Penn Ave', '', '15222']]);
  assert.deepEqual(duplicated?.columns.street, ['Address', 'Address (2)']);
});
