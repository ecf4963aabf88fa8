import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanValue } from './value.normaliser.ts';

test('cleanValue trims, collapses whitespace and turns blank into null', () => {
  assert.equal(cleanValue('  Haney \t Furniture\u00a0 Co '), 'Haney Furniture Co');
  assert.equal(cleanValue('   '), null);
  assert.equal(cleanValue(''), null);
  assert.equal(cleanValue(null), null);
  assert.equal(cleanValue(undefined), null);
});
