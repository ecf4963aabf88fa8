import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fastPathMapping } from './fast-path.ts';
import { headerFingerprint, normaliseHeader } from './normalise-header.ts';

test('maps exact synonyms with full confidence', () => {
  const mapping = fastPathMapping(['Company Name', 'Address Line 1', 'Address Line 2', 'City', 'ST', 'Zip_Code', 'Phone #', 'First Name', 'Last Name', 'Email']);
  assert.ok(mapping);
  assert.deepEqual(mapping.columns, {
    company: 'Company Name', street: ['Address Line 1', 'Address Line 2'], city: 'City', state: 'ST', zip: 'Zip_Code',
    number1: 'Phone #', dm_name: ['First Name', 'Last Name'],
  });
  assert.equal(mapping.fields.zip?.confidence, 1);
  assert.equal(mapping.fields.zip?.reason, "header synonym 'zipcode'");
  assert.deepEqual(mapping.chat_label, { primary_column: 'Company Name', location_columns: ['City', 'ST'] });
});

test('declines unknown headers, repeated roles and unmappable rows', () => {
  assert.equal(fastPathMapping(['Company', 'Fax']), null);
  assert.equal(fastPathMapping(['Company', 'Phone', 'Telephone']), null);
  assert.equal(fastPathMapping(['Street', 'Phone']), null);
  assert.equal(fastPathMapping(['Name', 'Address', 'Zip']), null);
});

test('normalises headers and fingerprints them order-independently', () => {
  assert.equal(normaliseHeader('  Zip-Code. #'), 'zipcode');
  assert.equal(headerFingerprint(['Company', 'ZIP code']), headerFingerprint(['zip_code', 'company', '', 'COMPANY']));
  assert.notEqual(headerFingerprint(['Company']), headerFingerprint(['Company', 'Zip']));
  assert.match(headerFingerprint(['a']), /^[0-9a-f]{64}$/);
});
