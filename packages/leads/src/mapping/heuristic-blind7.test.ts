import assert from 'node:assert/strict';
import { test } from 'node:test';
import { heuristicMapping } from './heuristic.ts';

// Small shapes for the rules added after the seventh blind corpus (tests/fixtures/exports-blind7) measured them.

test('"Addr #" is the house number of a split street; a bare "Acct" of codes keys the row', () => {
  const headers = ['Acct', 'Customer', 'Svc Addr #', 'Svc Addr Street', 'Svc Addr Unit', 'Svc City', 'Svc St', 'Svc Zip'];
  const mapping = heuristicMapping(headers, [
    ['WS-20550', 'Blue Heron LLC', '1308', 'N Vine Ave', '', 'El Paso', 'TX', '79901'],
    ['WS-20567', 'Zhao Catering Corp', '48', 'W Kenwood Blvd', 'Ste 2', 'Boise', 'ID', '83702'],
  ]);
  assert.equal(mapping?.columns.contact_id, 'Acct');
  assert.deepEqual(mapping?.columns.street, ['Svc Addr #', 'Svc Addr Street', 'Svc Addr Unit']);
});

test('an account number beats a service-agreement id and user-defined KEYn fields; sub-accounts are variants', () => {
  const rows = [['3310442', 'SA7736567', '7287480-8', 'A1B2C3', 'Blue Heron LLC', '18 Water St', '83702'], ['3310449', 'SA7177783', '7407643-4', 'A1B2C4', 'Zhao Catering Corp', '9 Elm St', '83651']];
  const mapping = heuristicMapping(['CUST_ACCT', 'SA_ID', 'SUB_ACCT', 'KEY1', 'CUST_NM', 'SVC_ADDR', 'SVC_ZIP'], rows);
  assert.equal(mapping?.columns.contact_id, 'CUST_ACCT');
  assert.deepEqual(mapping?.search_variants, [{ header: 'SA_ID', kind: 'account_id' }, { header: 'SUB_ACCT', kind: 'account_id' }]);
});

test('Portuguese "Cobrança" columns are a billing set, searched as variants', () => {
  const headers = ['Razão Social', 'Endereço', 'Cidade', 'Estado', 'CEP', 'Endereço de Cobrança', 'Cidade Cobrança', 'Estado Cobrança', 'CEP Cobrança'];
  const mapping = heuristicMapping(headers, [['Blue Heron LLC', '18 Water St', 'Boise', 'ID', '83702', '9 Elm St', 'Nampa', 'ID', '83651']]);
  assert.equal(mapping?.columns.street, 'Endereço');
  assert.deepEqual(mapping?.search_variants.map((v) => v.kind), ['street', 'city', 'state', 'zip']);
});

test('an "ATTN_NM" of names is the decision maker even when the given names are unusual', () => {
  const mapping = heuristicMapping(['CUST_NAME', 'ATTN_NM', 'SITE_ADDR', 'SITE_ZIP'], [
    ['DRIFTWOOD DELI INC', 'BETTINA AMBROSE', '644 DIVISION AVE', '52401'],
    ['NORTHSTAR HVAC LTD', 'TAMSIN HARGROVE', '309 W DIVISION RD', '55802'],
  ]);
  assert.equal(mapping?.columns.dm_name, 'ATTN_NM');
});

test('a labelled zip beats a blank-header column of five-digit numbers', () => {
  const mapping = heuristicMapping(['owner_nm', 'street', '', 'zip_cd'], [['Blue Heron LLC', '18 Water St', '66344', '83702'], ['Zhao Catering Corp', '9 Elm St', '49415', '83651']]);
  assert.equal(mapping?.columns.zip, 'zip_cd');
});

test('a Salesforce "Direct_Line__c" is a direct line: the mobile is number2', () => {
  const mapping = heuristicMapping(['Account Name', 'Billing Street', 'Billing Zip/Postal Code', 'Phone', 'Mobile_Phone__c', 'Direct_Line__c'], [
    ['Blue Heron LLC', '18 Water St', '83702', '(330) 555-0125', '(330) 555-0126', '(330) 555-0128'],
  ]);
  assert.equal(mapping?.columns.number2, 'Mobile_Phone__c');
  assert.deepEqual(mapping?.search_variants, [{ header: 'Direct_Line__c', kind: 'phone' }]);
});
