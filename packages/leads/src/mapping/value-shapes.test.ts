import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  looksLikeBusinessName, looksLikeCombinedAddress, looksLikePersonName, looksLikePhone, looksLikeState,
  looksLikeStreet, looksLikeZip, profileColumn,
} from './value-shapes.ts';

test('phones in the usual US formats', () => {
  for (const v of ['(217) 555-0142', '217-555-0142', '2175550142', '+1 217 555 0142', '217.555.0142', '12175550142', '217-555-0142 x12']) {
    assert.ok(looksLikePhone(v), v);
  }
  for (const v of ['555-0142', '0175550142', '62701', 'ABC-555-0142']) assert.ok(!looksLikePhone(v), v);
});

test('zips, including those that lost a leading zero', () => {
  for (const v of ['62701', '62701-1234', '627011234', '6103']) assert.ok(looksLikeZip(v), v);
  assert.ok(!looksLikeZip('IL 62701'));
});

test('states by code and by name', () => {
  assert.ok(looksLikeState('IL'));
  assert.ok(looksLikeState('New Hampshire'));
  assert.ok(!looksLikeState('Springfield'));
});

test('streets, one-cell addresses, businesses and people', () => {
  assert.ok(looksLikeStreet('123 Main St'));
  assert.ok(looksLikeStreet('PO Box 44'));
  assert.ok(looksLikeStreet('4500 N ROUTE 9'));
  assert.ok(!looksLikeStreet('Suite 200'));
  assert.ok(looksLikeCombinedAddress('123 Main St, Springfield, IL 62701'));
  assert.ok(looksLikeBusinessName('Delgado & Sons Plumbing'));
  assert.ok(looksLikeBusinessName('ACME WIDGETS LLC'));
  assert.ok(looksLikePersonName('Dana Haney'));
  assert.ok(looksLikePersonName('Haney, Dana'));
  assert.ok(!looksLikePersonName('Haney Furniture'));
});

test('profiles count shapes over filled cells only', () => {
  const profile = profileColumn(['(217) 555-0142', '', '217-555-0143', 'n/a']);
  assert.equal(profile.total, 4);
  assert.equal(profile.filled, 3);
  assert.equal(profile.phone, 2);
  assert.equal(profile.distinct, 3);
});
