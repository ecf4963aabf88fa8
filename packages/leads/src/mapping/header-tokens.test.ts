import assert from 'node:assert/strict';
import { test } from 'node:test';
import { splitHeader, tokenizeHeader } from './header-tokens.ts';

test('splits snake case, camel case and letter/digit runs', () => {
  assert.deepEqual(splitHeader('SVC_ADDR1'), ['svc', 'addr', '1']);
  assert.deepEqual(splitHeader('POAddressLine1'), ['po', 'address', 'line', '1']);
  assert.deepEqual(splitHeader('BillingPostalCode'), ['billing', 'postal', 'code']);
  assert.deepEqual(splitHeader('Bill to Address-Line Two'), ['billto', 'address', 'line', '2']);
  assert.deepEqual(splitHeader('Phone #'), ['phone', 'no']);
  assert.deepEqual(splitHeader('E-mail 2 Address'), ['email', '2', 'address']);
});

test('reads abbreviations as concepts', () => {
  assert.deepEqual(tokenizeHeader('CUST_NM').concepts, ['customer', 'name']);
  assert.deepEqual(tokenizeHeader('PHN_NBR').concepts, ['phone', 'number']);
  assert.deepEqual(tokenizeHeader('MAIL_ST').concepts, ['q_mailing', 'st']);
  assert.ok(tokenizeHeader('ZIP4').concepts.includes('zip4'));
  assert.ok(!tokenizeHeader('ZIP5').concepts.includes('zip4'));
});

test('recognises parser-generated names', () => {
  assert.equal(tokenizeHeader('Phone (2)').duplicateIndex, 2);
  assert.deepEqual(tokenizeHeader('Phone (2)').tokens, ['phone']);
  assert.equal(tokenizeHeader('column_3').generated, true);
});
