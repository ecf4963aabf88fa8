import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CANONICAL_FIELDS } from '../types.ts';
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

test('the standard CRM header of canonical names takes the fast path, every canonical name as itself', () => {
  const standard = ['contact_id', 'company', 'street', 'city', 'state', 'zip', 'number1'];
  assert.deepEqual(fastPathMapping(standard)?.columns, Object.fromEntries(standard.map((name) => [name, name])));
  const full = [...CANONICAL_FIELDS];
  const mapping = fastPathMapping(full);
  assert.ok(mapping, 'all nine canonical names map without judgement');
  assert.deepEqual(mapping.columns, Object.fromEntries(full.map((name) => [name, name])));
  for (const field of CANONICAL_FIELDS) {
    // Each name alone next to what makes a file mappable, as written and as a CRM spells it ("DM NAME").
    for (const header of [field, field.replace('_', ' ').toUpperCase()]) {
      const others = field === 'company' ? ['zip'] : field === 'number2' ? ['company', 'number1'] : ['company'];
      assert.equal(fastPathMapping([header, ...others])?.columns[field], header, header);
    }
  }
});
