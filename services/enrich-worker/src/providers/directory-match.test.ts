import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CanonicalLead } from '@bej/leads';
import { buildDirectoryIndex } from './directory-index.ts';
import { findBestMatch, primaryProbe, supplementProbe } from './directory-match.ts';

const index = buildDirectoryIndex([{ company: 'Blue Heron', street: '18 Water St', zip: '83702', account_ids: ['4107-20389'] }]);
const lead = (contactId: string): CanonicalLead => ({
  contact_id: contactId, company: 'Tran Holdings LLC', street: '5011 Old Mill Rd', city: 'Duluth', state: 'MN', zip: '55802', number1: null, number2: null, dm_name: null,
});
const mailingZip = [{ kind: 'zip' as const, header: 'MAILZIP', value: '55803' }];

test('the supplement pass tries an account-number row key as an account id, the primary pass never does', () => {
  assert.equal(findBestMatch(index, primaryProbe(lead('4107-20389'))), null);
  assert.deepEqual(findBestMatch(index, supplementProbe(lead('4107-20389'), mailingZip))?.criteria, ['account_id']);
});

test('hashed and short row keys are not tried as account ids', () => {
  const small = buildDirectoryIndex([{ company: 'Blue Heron', account_ids: ['17'] }]);
  assert.equal(findBestMatch(small, supplementProbe(lead('17'), mailingZip)), null);
  assert.equal(findBestMatch(index, supplementProbe(lead('h_4107-20389'), mailingZip)), null);
});

test('a variant street set with several line columns matches through line 1 alone or through the lines merged', () => {
  const record = buildDirectoryIndex([{ company: 'Blue Heron', street: '18 Water St', zip: '83702' }]);
  const withZip = (lines: string[]) => [
    ...lines.map((value, i) => ({ kind: 'street' as const, header: `Mailing Street ${i + 1}`, value })),
    { kind: 'zip' as const, header: 'Mailing Zip', value: '83702' },
  ];
  assert.deepEqual(findBestMatch(record, supplementProbe(lead('h_x'), withZip(['18 Water St', 'Suite 200', 'Attn AP'])))?.criteria, ['street']);
  assert.deepEqual(findBestMatch(record, supplementProbe(lead('h_x'), withZip(['18', 'Water Street'])))?.criteria, ['street']);
});

test('streets pair only with the zip of their own address set: a primary street never meets a shipping zip', () => {
  // The decoy sits at the lead's primary street but in the shipping set's zip; the real business at the shipping address.
  const directory = buildDirectoryIndex([
    { company: 'Decoy Diner', street: '5011 Old Mill Rd', zip: '83702' },
    { company: 'Blue Heron', street: '18 Water St', zip: '83702' },
  ]);
  const shipping = [
    { kind: 'street' as const, header: 'Ship Street', value: '18 Water St' },
    { kind: 'city' as const, header: 'Ship City', value: 'Boise' },
    { kind: 'zip' as const, header: 'Ship Zip', value: '83702' },
  ];
  assert.equal(findBestMatch(directory, supplementProbe(lead('h_x'), shipping))?.record.record.company, 'Blue Heron');
  const decoyOnly = buildDirectoryIndex([{ company: 'Decoy Diner', street: '5011 Old Mill Rd', zip: '83702' }]);
  assert.equal(findBestMatch(decoyOnly, supplementProbe(lead('h_x'), shipping)), null);
  // Nor does a variant street borrow the primary zip when its own set has a zip.
  const atPrimaryZip = buildDirectoryIndex([{ company: 'Decoy Diner', street: '18 Water St', zip: '55802' }]);
  assert.equal(findBestMatch(atPrimaryZip, supplementProbe(lead('h_x'), shipping)), null);
});

test('a variant street with no zip in its set falls back to the primary zip; a variant name tries each set\'s location', () => {
  const directory = buildDirectoryIndex([{ company: 'Blue Heron', street: '18 Water St', zip: '55802' }]);
  const streetOnly = [{ kind: 'street' as const, header: 'Other Street', value: '18 Water St' }];
  assert.deepEqual(findBestMatch(directory, supplementProbe(lead('h_x'), streetOnly))?.criteria, ['street']);
  const named = buildDirectoryIndex([{ company: 'Heron Trading', street: '1 Dock Rd', zip: '83702' }]);
  const dbaAndShipping = [
    { kind: 'company' as const, header: 'DBA', value: 'Heron Trading Co' },
    { kind: 'street' as const, header: 'Ship Street', value: '9 Pier Ave' },
    { kind: 'zip' as const, header: 'Ship Zip', value: '83702' },
  ];
  assert.deepEqual(findBestMatch(named, supplementProbe(lead('h_x'), dbaAndShipping))?.criteria, ['company']);
});

test('set ids pair each variant street with its own zip where column order interleaves two addresses', () => {
  // "Mailing Street, Shipping Street, Mailing Zip, Shipping Zip": column order would pair the shipping street with the mailing zip.
  const interleaved = [
    { kind: 'street' as const, header: 'Mailing Street', value: '200 Oak Ave', set: 'mailing' },
    { kind: 'street' as const, header: 'Shipping Street', value: '18 Water St', set: 'shipping' },
    { kind: 'zip' as const, header: 'Mailing Zip', value: '83701', set: 'mailing' },
    { kind: 'zip' as const, header: 'Shipping Zip', value: '83702', set: 'shipping' },
  ];
  const directory = buildDirectoryIndex([{ company: 'Blue Heron', street: '18 Water St', zip: '83702' }]);
  assert.deepEqual(findBestMatch(directory, supplementProbe(lead('h_x'), interleaved))?.criteria, ['street']);
  const decoy = buildDirectoryIndex([{ company: 'Decoy Diner', street: '18 Water St', zip: '83701' }]);
  assert.equal(findBestMatch(decoy, supplementProbe(lead('h_x'), interleaved)), null, 'shipping street never meets the mailing zip');
  // The same values stored without set ids (before sets existed) are not paired at all rather than paired wrongly.
  const unset = interleaved.map(({ set: _set, ...rest }) => rest);
  assert.equal(findBestMatch(decoy, supplementProbe(lead('h_x'), unset)), null);
});
