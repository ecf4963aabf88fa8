import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cityKey, stateKey, zipKey } from './location.normaliser.ts';

test('zipKey keeps the first five digits', () => {
  assert.equal(zipKey('15213'), '15213');
  assert.equal(zipKey('15213-1234'), '15213');
  assert.equal(zipKey(' 15213 - 1234 '), '15213');
  assert.equal(zipKey('152131234'), '15213');
});

test('zipKey restores leading zeros that a spreadsheet dropped', () => {
  assert.equal(zipKey('2134'), '02134');
  assert.equal(zipKey('501'), '00501');
  assert.equal(zipKey('2134-5678'), '02134');
  assert.equal(zipKey('21345678'), '02134');
});

test('zipKey rejects what is not zip-shaped', () => {
  for (const zip of ['', 'abcde', 'M5V 2T6', '12', '1234567', null]) assert.equal(zipKey(zip), null, String(zip));
});

test('stateKey reads codes and full names', () => {
  assert.equal(stateKey('pa'), 'PA');
  assert.equal(stateKey('P.A.'), 'PA');
  assert.equal(stateKey('Pennsylvania'), 'PA');
  assert.equal(stateKey(' new   york '), 'NY');
  assert.equal(stateKey('District of Columbia'), 'DC');
  assert.equal(stateKey('XX'), null);
  assert.equal(stateKey('Narnia'), null);
  assert.equal(stateKey(null), null);
});

test('cityKey folds punctuation and clipped words symmetrically', () => {
  assert.equal(cityKey('St. Louis'), cityKey('Saint Louis'));
  assert.equal(cityKey('Ft Worth'), 'fort worth');
  assert.equal(cityKey('  PITTSBURGH '), 'pittsburgh');
  assert.equal(cityKey('Winston-Salem'), 'winston salem');
  assert.equal(cityKey(''), null);
});

test('zipKey reads the zip off a "City, ST 12345" cell', () => {
  assert.equal(zipKey('DAYTON, OH 45402'), '45402');
  assert.equal(zipKey('St. Louis, MO 63101-2200'), '63101');
  assert.equal(zipKey('Dayton OH'), null);
});
