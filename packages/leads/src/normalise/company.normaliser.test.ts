import { test } from 'node:test';
import assert from 'node:assert/strict';
import { companyKey } from './company.normaliser.ts';

test('companyKey sets aside each legal suffix, dotted or not', () => {
  const suffixes = ['LLC', 'L.L.C.', 'Inc', 'Inc.', 'Co', 'Co.', 'Corp', 'Corp.', 'Company', 'Ltd', 'Ltd.', 'LP', 'L.P.', 'LLP', 'PLLC', 'P.L.L.C.'];
  for (const suffix of suffixes) {
    assert.equal(companyKey(`Haney Furniture ${suffix}`), 'haney furniture', suffix);
    assert.equal(companyKey(`Haney Furniture, ${suffix}`), 'haney furniture', `comma ${suffix}`);
  }
});

test('companyKey removes suffixes in the middle and stacked suffixes', () => {
  assert.equal(companyKey('Haney Furniture Company LLC'), 'haney furniture');
  assert.equal(companyKey('Acme Inc - Pittsburgh'), 'acme pittsburgh');
});

test('companyKey folds case, ampersands, punctuation, whitespace and a leading "the"', () => {
  assert.equal(companyKey('The  Smith & Jones Bakery'), 'smith and jones bakery');
  assert.equal(companyKey('Smith&Jones Bakery'), 'smith and jones bakery');
  assert.equal(companyKey("JOE'S   DINER!"), 'joes diner');
  assert.equal(companyKey('Café Olé, Inc.'), 'cafe ole');
  assert.equal(companyKey('Three-Rivers Supply'), 'three rivers supply');
});

test('companyKey keeps the words of a name made only of suffixes', () => {
  assert.equal(companyKey('The Company'), 'company');
  assert.equal(companyKey(''), '');
  assert.equal(companyKey(null), '');
});
