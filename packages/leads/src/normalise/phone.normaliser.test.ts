import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalisePhone } from './phone.normaliser.ts';

test('normalisePhone accepts the common US spellings', () => {
  for (const raw of ['(724) 654-7732', '724.654.7732', '+1 724 654 7732', '7246547732', '1-724-654-7732', ' 724 654 7732 ']) {
    assert.equal(normalisePhone(raw), '+17246547732', raw);
  }
});

test('normalisePhone drops extensions', () => {
  assert.equal(normalisePhone('724-654-7732 x123'), '+17246547732');
  assert.equal(normalisePhone('(724) 654-7732 ext. 45'), '+17246547732');
  assert.equal(normalisePhone('724.654.7732 #9'), '+17246547732');
});

test('normalisePhone keeps numbers that carry another country code', () => {
  assert.equal(normalisePhone('+44 20 7946 0958'), '+442079460958');
});

test('normalisePhone returns null for things that are not valid numbers', () => {
  for (const raw of ['', '   ', 'n/a', '12', '555-1234', '724-654-773', '724-654-77321', '000-000-0000', '311-555-2368', null, undefined]) {
    assert.equal(normalisePhone(raw), null, String(raw));
  }
});
