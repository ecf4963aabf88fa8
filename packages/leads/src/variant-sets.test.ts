import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RowVariant } from './types.ts';
import { legacySetKeys, variantAddressSets } from './variant-sets.ts';

const v = (header: string, kind: RowVariant['kind'], value: string, set?: string): RowVariant => (set === undefined ? { kind, header, value } : { kind, header, value, set });

test('sets come from the set ids, not from column order: a shipping street pairs with the shipping zip', () => {
  // The order of "Street,Zip,Mailing Street,Shipping Street,Mailing Zip,Shipping Zip".
  const variants = [
    v('Mailing Street', 'street', '200 Oak Ave', 'mailing'),
    v('Shipping Street', 'street', '300 Pine Rd', 'shipping'),
    v('Mailing Zip', 'zip', '20002', 'mailing'),
    v('Shipping Zip', 'zip', '30003', 'shipping'),
  ];
  assert.deepEqual(variantAddressSets(variants), [
    { id: 'mailing', lines: ['200 Oak Ave'], city: null, state: null, zip: '20002' },
    { id: 'shipping', lines: ['300 Pine Rd'], city: null, state: null, zip: '30003' },
  ]);
});

test('street lines of one set stay together in order; names, phones and ids are not address sets', () => {
  const variants = [
    v('DBA', 'company', 'Heron Trading'),
    v('Mail 1', 'street', '18 Water St', 'mailing'),
    v('Fax', 'phone', '+12085550100'),
    v('Mail 2', 'street', 'Suite 200', 'mailing'),
    v('Mail City', 'city', 'Boise', 'mailing'),
    v('Mail State', 'state', 'ID', 'mailing'),
  ];
  assert.deepEqual(variantAddressSets(variants), [{ id: 'mailing', lines: ['18 Water St', 'Suite 200'], city: 'Boise', state: 'ID', zip: null }]);
});

test('compatibility: set-less variants (stored before set ids) are one set only when they cannot be two', () => {
  const oneAddress = [v('Mailing Street', 'street', '18 Water St'), v('Mailing City', 'city', 'Boise'), v('Mailing Zip', 'zip', '83702')];
  assert.deepEqual(variantAddressSets(oneAddress), [{ id: null, lines: ['18 Water St'], city: 'Boise', state: null, zip: '83702' }]);
  // Two zips: which street goes with which is not known, so nothing is paired (no column-order guess).
  const twoAddresses = [v('Mailing Street', 'street', '200 Oak Ave'), v('Shipping Street', 'street', '300 Pine Rd'), v('Mailing Zip', 'zip', '20002'), v('Shipping Zip', 'zip', '30003')];
  assert.deepEqual(variantAddressSets(twoAddresses), [
    { id: null, lines: ['200 Oak Ave'], city: null, state: null, zip: null },
    { id: null, lines: ['300 Pine Rd'], city: null, state: null, zip: null },
    { id: null, lines: [], city: null, state: null, zip: '20002' },
    { id: null, lines: [], city: null, state: null, zip: '30003' },
  ]);
  assert.deepEqual(legacySetKeys([{ kind: 'street' }, { kind: 'street' }, { kind: 'zip' }]), [0, 0, 0]);
  assert.deepEqual(legacySetKeys([{ kind: 'zip' }, { kind: 'city' }, { kind: 'zip' }]), [0, 1, 2]);
});

test('a set id never merges with set-less variants, and a second zip in one set is ignored', () => {
  const variants = [v('Ship Street', 'street', '9 Pier Ave', 'shipping'), v('Other Zip', 'zip', '83702'), v('Ship Zip', 'zip', '83701', 'shipping'), v('Ship Zip 2', 'zip', '83799', 'shipping')];
  assert.deepEqual(variantAddressSets(variants), [
    { id: 'shipping', lines: ['9 Pier Ave'], city: null, state: null, zip: '83701' },
    { id: null, lines: [], city: null, state: null, zip: '83702' },
  ]);
});
