import assert from 'node:assert/strict';
import { test } from 'node:test';
import { splitOneLineAddress } from './one-line-address.normaliser.ts';

test('splitOneLineAddress reads comma-separated addresses with or without a country', () => {
  assert.deepEqual(splitOneLineAddress('455 Elm St Ste 3, Dayton, OH 45402'), { street: '455 Elm St Ste 3', city: 'Dayton', state: 'OH', zip: '45402' });
  assert.deepEqual(splitOneLineAddress('9 Oak Ave, Colorado Springs, CO 80903-1234, USA'), { street: '9 Oak Ave', city: 'Colorado Springs', state: 'CO', zip: '80903-1234' });
  assert.deepEqual(splitOneLineAddress('12 Main St, Charleston, West Virginia 25301'), { street: '12 Main St', city: 'Charleston', state: 'WV', zip: '25301' });
});

test('splitOneLineAddress reads Mailchimp double-spaced addresses', () => {
  assert.deepEqual(splitOneLineAddress('7 Front Ln  Burlington  VT  05401  US'), { street: '7 Front Ln', city: 'Burlington', state: 'VT', zip: '05401' });
});

test('splitOneLineAddress keeps the city null when nothing separates it, and refuses non-addresses', () => {
  assert.deepEqual(splitOneLineAddress('7 Front Ln Burlington VT 05401'), { street: '7 Front Ln Burlington', city: null, state: 'VT', zip: '05401' });
  assert.equal(splitOneLineAddress('7 Front Ln'), null);
  assert.equal(splitOneLineAddress('Order 12345'), null);
  assert.equal(splitOneLineAddress(null), null);
});
