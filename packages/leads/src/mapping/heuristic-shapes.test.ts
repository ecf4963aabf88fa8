import assert from 'node:assert/strict';
import { test } from 'node:test';
import { heuristicMapping } from './heuristic.ts';

// Small shapes for the rules added after the blind corpus (tests/fixtures/exports-blind) measured them.

test('split street (ST_NBR + ST_NM + unit) with a site key and a billing account variant', () => {
  const headers = ['SVC_ID', 'SITE_NM', 'SITE_ST_NBR', 'SITE_ST_NM', 'SITE_UNIT', 'SITE_ZIP_CD', 'BILL_ACCT_ID'];
  const mapping = heuristicMapping(headers, [['77120', 'ACME WIDGETS', '410', 'FOUNDRY RD', 'STE 2', '44308', '998877']]);
  assert.equal(mapping?.columns.contact_id, 'SVC_ID');
  assert.deepEqual(mapping?.columns.street, ['SITE_ST_NBR', 'SITE_ST_NM', 'SITE_UNIT']);
  assert.deepEqual(mapping?.search_variants, [{ header: 'BILL_ACCT_ID', kind: 'account_id' }]);
});

test('numbered address sets with numbered street lines, and a GUID row key over an account number', () => {
  const headers = ['(Do Not Modify) Account', 'Account Name', 'Account Number', 'Address 1: Street 1', 'Address 1: Street 2', 'Address 1: ZIP/Postal Code'];
  const mapping = heuristicMapping(headers, [['6f1c2a9e-1b2c-ee11-9937-000d3a123456', 'Acme Widgets', 'AC-1001', '410 Foundry Rd', 'Ste 2', '44308']]);
  assert.equal(mapping?.columns.contact_id, '(Do Not Modify) Account');
  assert.deepEqual(mapping?.columns.street, ['Address 1: Street 1', 'Address 1: Street 2']);
  assert.deepEqual(mapping?.search_variants, [{ header: 'Account Number', kind: 'account_id' }]);
});

test('scraped listing: "title" holding business names is the company, the one-line address the street', () => {
  const mapping = heuristicMapping(['title', 'address', 'phone', 'rating'], [
    ['Kestrel Plumbing LLC', '410 Foundry Rd, Akron, OH 44308', '(330) 555-0110', '4.5'],
    ['Northside Bakery', '77 Lake St, Duluth, MN 55802', '(218) 555-0190', '4.1'],
  ]);
  assert.deepEqual(mapping?.columns, { company: 'title', street: 'address', number1: 'phone' });
});

test('lines 3-4 of the primary street merge in; every line of a variant set is a street variant', () => {
  const headers = ['Name', 'SAAddressLine1', 'SAAddressLine2', 'SAAddressLine3', 'SAPostalCode', 'POAddressLine1', 'POAddressLine2', 'POPostalCode'];
  const mapping = heuristicMapping(headers, [['Acme Widgets LLC', '410 Foundry Rd', 'Ste 2', 'Bldg C', '44308', 'PO Box 12', 'Dept 4', '44309']]);
  assert.deepEqual(mapping?.columns.street, ['SAAddressLine1', 'SAAddressLine2', 'SAAddressLine3']);
  assert.deepEqual(mapping?.search_variants.filter((v) => v.kind === 'street').map((v) => v.header), ['POAddressLine1', 'POAddressLine2']);
});

test('a blank-header suite column after the street is its line 2; a five-digit measure is no zip', () => {
  const headers = ['Company', 'street address', 'column_3', 'ZIP code', 'ANNUAL_THERMS', 'LST_RD'];
  const mapping = heuristicMapping(headers, [
    ['Acme Widgets LLC', '410 Foundry Rd', 'Ste 200', '44308', '20693', '38306'],
    ['Northside Bakery', '77 Lake St', '#5', '55802', '85838', '46129'],
    ['Kestrel Plumbing', '12 Elm Ave', '', '45402', '51994', '22197'],
  ]);
  assert.deepEqual(mapping?.columns.street, ['street address', 'column_3']);
  assert.deepEqual(mapping?.search_variants, []);
});

test('mobile outranks a direct dial for number2; French fax and legal name', () => {
  const xero = heuristicMapping(['ContactName', 'PhoneNumber', 'DDINumber', 'MobileNumber', 'POPostalCode'], [['Acme Widgets LLC', '330-555-0110', '330-555-0111', '330-555-0112', '44308']]);
  assert.equal(xero?.columns.number2, 'MobileNumber');
  assert.deepEqual(xero?.search_variants, [{ header: 'DDINumber', kind: 'phone' }]);
  const french = heuristicMapping(['Raison sociale', 'Nom commercial', 'Code postal', 'Téléphone', 'Portable', 'Télécopie'], [
    ['Acme Widgets SARL', 'Acme', '44308', '330-555-0110', '330-555-0112', '330-555-0113'],
  ]);
  assert.equal(french?.columns.company, 'Raison sociale');
  assert.equal(french?.columns.number2, 'Portable');
  assert.deepEqual(french?.search_variants, [{ header: 'Nom commercial', kind: 'company' }, { header: 'Télécopie', kind: 'phone' }]);
});
