import { test } from 'node:test';
import assert from 'node:assert/strict';
import { streetKey } from './street.normaliser.ts';

test('streetKey gives each street type one spelling', () => {
  const pairs: Array<[string[], string]> = [
    [['St', 'St.', 'Street', 'Str', 'Str.'], 'st'],
    [['Ave', 'Ave.', 'Av', 'Av.', 'Avenue'], 'ave'],
    [['Rd', 'Rd.', 'Road'], 'rd'],
    [['Blvd', 'Blvd.', 'Boulevard'], 'blvd'],
    [['Dr', 'Dr.', 'Drive'], 'dr'],
    [['Ln', 'Ln.', 'Lane'], 'ln'],
  ];
  for (const [spellings, key] of pairs) {
    for (const spelling of spellings) assert.equal(streetKey(`100 Main ${spelling}`), `100 main ${key}`, spelling);
  }
});

test('streetKey gives directionals one spelling', () => {
  for (const form of ['N', 'N.', 'North']) assert.equal(streetKey(`12 ${form} Oak Ave`), '12 n oak ave', form);
  assert.equal(streetKey('12 Oak Avenue Southwest'), streetKey('12 Oak Ave SW'));
  assert.equal(streetKey('12 East Oak Street'), '12 e oak st');
});

test('streetKey sets aside a trailing unit, also one merged in from line 2', () => {
  for (const street of ['100 Main St Ste 2', '100 Main St, Ste. 2', '100 Main St Suite 200', '100 Main Street Unit 4', '100 Main St #5', '100 Main St, Apt 3', '100 Main St Fl 2', '100 Main St 2nd Floor', '100 Main St 200']) {
    assert.equal(streetKey(street), '100 main st', street);
  }
});

test('streetKey keeps the name when a unit word is the street name itself', () => {
  assert.equal(streetKey('9 Unit Rd'), '9 unit rd');
});

test('streetKey needs a house number and a name', () => {
  assert.equal(streetKey('Main St'), null);
  assert.equal(streetKey('100'), null);
  assert.equal(streetKey('PO Box 12'), null);
  assert.equal(streetKey(''), null);
  assert.equal(streetKey(null), null);
  assert.equal(streetKey('100A Main St'), '100a main st');
});

test('a street cell with a second line inside it keys as its first line', () => {
  assert.equal(streetKey('3509 Elm Street\nRear entrance'), '3509 elm st');
  assert.equal(streetKey('3509 Elm Street, Rear entrance'), '3509 elm st');
  assert.equal(streetKey('Rear entrance\r\n3509 Elm St'), '3509 elm st');
  assert.equal(streetKey('Building 5, 100 Main St'), '100 main st');
  // Commas that do not separate lines keep the whole reading.
  assert.equal(streetKey('12, Rue de la Paix'), '12 rue de la paix');
  assert.equal(streetKey('100 Main St, Suite 200'), '100 main st');
});
