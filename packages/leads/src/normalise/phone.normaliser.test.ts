import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalisePhone, parseToE164 } from './phone.normaliser.ts';

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

test('normalisePhone agrees with libphonenumber-js on a table of spellings, at home and abroad', () => {
  const table = [
    '(724) 654-7732', '724.654.7732', '+1 724 654 7732', '7246547732', '1-724-654-7732', '+1(412)555-1000', '1 (412) 555 1000',
    '412--555..1000', '(412)5551000', '+14125551000', '14125551000', '800-555-0199', '(416) 555-0123', '604 555 0101',
    '242 357 1234', '787-555-1234', '684 733 1234', '671 555 1234', '876-555-0100', '311-555-2368', '555-555-5555',
    '212 555 0100', '212 555 0199', '900 555 1234', '456 555 1234', '200 200 2000', '999 999 9999',
    // Extensions, letters and other countries take the parser's path.
    '724-654-7732 x123', '(724) 654-7732 ext. 45', '724.654.7732 #9', '1-800-FLOWERS', '+44 20 7946 0958', '+49 30 901820',
    '+33 1 42 68 53 00', '+61 2 9374 4000', '+81 3-3224-9999', '+52 55 5555 5555', '+1 724 654 7732 ext 5', '011 44 20 7946 0958',
    // Near misses of the plain shape.
    '(724 654-7732', '724) 654-7732', '+2 724 654 7732', '11 724 654 7732', '724-654-77', '0724 654 7732', '124 654 7732',
    '724 054 7732', '724 154 7732', '\u00a0724 654 7732', '724\u00a0654\u00a07732', '７２４-６５４-７７３２', '+ 1 724 654 7732',
  ];
  for (const raw of table) assert.equal(normalisePhone(raw), parseToE164(raw.trim()), raw);
});

test('normalisePhone agrees with libphonenumber-js on random North American numbers in random spellings', () => {
  let seed = 12;
  const next = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const spellings = [
    (a: string, e: string, l: string) => `(${a}) ${e}-${l}`,
    (a: string, e: string, l: string) => `${a}.${e}.${l}`,
    (a: string, e: string, l: string) => `+1 ${a} ${e} ${l}`,
    (a: string, e: string, l: string) => `1-${a}-${e}-${l}`,
    (a: string, e: string, l: string) => `${a}${e}${l}`,
  ];
  let valid = 0;
  for (let i = 0; i < 4000; i += 1) {
    // Area codes and exchanges from a small set, so prefixes repeat and the cached answer is exercised.
    const area = String(200 + next(40) * 20 + next(3));
    const exchange = String(200 + next(800));
    const line = String(next(10_000)).padStart(4, '0');
    const raw = spellings[next(spellings.length)]!(area, exchange, line);
    const expected = parseToE164(raw);
    if (expected !== null) valid += 1;
    assert.equal(normalisePhone(raw), expected, raw);
  }
  // Both answers occur, so the comparison covers valid and invalid prefixes.
  assert.ok(valid > 100 && valid < 4000, `valid ${valid}`);
});
