import assert from 'node:assert/strict';
import { test } from 'node:test';
import { heuristicMapping } from './heuristic.ts';

// Small shapes for the rules added after the fifth blind corpus (tests/fixtures/exports-blind5) measured them.

test('Pipedrive "<part> of Address" headers with an entity prefix and slashed alternatives', () => {
  const headers = ['Organization - Name', 'Organization - House number of Address', 'Organization - Street/road name of Address',
    'Organization - Apartment/suite no of Address', 'Organization - City/town/village/locality of Address',
    'Organization - State/county of Address', 'Organization - ZIP/Postal code of Address', 'Organization - Country of Address'];
  const mapping = heuristicMapping(headers, [['Blue Heron LLC', '18', 'Water St', 'Ste 2', 'Boise', 'ID', '83702', 'United States']]);
  assert.deepEqual(mapping?.columns, {
    company: 'Organization - Name',
    street: ['Organization - House number of Address', 'Organization - Street/road name of Address', 'Organization - Apartment/suite no of Address'],
    city: 'Organization - City/town/village/locality of Address',
    state: 'Organization - State/county of Address',
    zip: 'Organization - ZIP/Postal code of Address',
  });
});

test('a PO box set of its own ("Postfach", "PLZ Postfach", "Ort Postfach") is a mailing variant set', () => {
  const headers = ['Firmenname', 'Straße', 'PLZ', 'Ort', 'Postfach', 'PLZ Postfach', 'Ort Postfach'];
  const mapping = heuristicMapping(headers, [['Blue Heron LLC', '18 Water St', '83702', 'Boise', 'PO Box 57', '83701', 'Boise']]);
  assert.deepEqual(mapping?.columns, { company: 'Firmenname', street: 'Straße', zip: 'PLZ', city: 'Ort' });
  assert.deepEqual(mapping?.search_variants, [{ header: 'Postfach', kind: 'street', set: 'mailing' }, { header: 'PLZ Postfach', kind: 'zip', set: 'mailing' }, { header: 'Ort Postfach', kind: 'city', set: 'mailing' }]);
});

test('a PO box inside an address set stays a part we do not search by', () => {
  const headers = ['Company', 'Address 1 - Street', 'Address 1 - PO Box', 'Address 1 - City', 'Address 1 - Postal Code'];
  const mapping = heuristicMapping(headers, [['Blue Heron LLC', '18 Water St', 'PO Box 57', 'Boise', '83702']]);
  assert.deepEqual(mapping?.search_variants, []);
  assert.equal(mapping?.columns.street, 'Address 1 - Street');
});

test('CNTCT abbreviates contact; DOING_BUSINESS_AS is a name variant beside CUSTOMER_NAME; BAN keys the row over a sub-account', () => {
  const headers = ['BAN', 'SUB_ACCT_NBR', 'CUSTOMER_NAME', 'DOING_BUSINESS_AS', 'PRIM_CNTCT_NM', 'SVC_ADDR_1', 'SVC_ZIP5'];
  const rows = [['550120331', '550120331-01', 'SATO & AHN, INC.', 'KESTREL MOTORS', 'NGUYEN, ZOE', '12 ELM ST', '70112'],
    ['550120332', '550120332-01', 'VARGA PARTNERS CORP', '', 'CHAUDHRY, HANNAH', '328 KINGSLEY AVE', '06106']];
  const mapping = heuristicMapping(headers, rows);
  assert.equal(mapping?.columns.contact_id, 'BAN');
  assert.equal(mapping?.columns.company, 'CUSTOMER_NAME');
  assert.equal(mapping?.columns.dm_name, 'PRIM_CNTCT_NM');
  assert.deepEqual(mapping?.search_variants, [{ header: 'SUB_ACCT_NBR', kind: 'account_id' }, { header: 'DOING_BUSINESS_AS', kind: 'company' }]);
});
