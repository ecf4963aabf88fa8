import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csvCell, csvLine } from './write.ts';
import { tokenizeCsv } from './tokenize.ts';

test('RFC 4180 quoting only when needed, with doubled quotes', () => {
  assert.equal(csvCell('plain'), 'plain');
  assert.equal(csvCell('Acme, Inc.'), '"Acme, Inc."');
  assert.equal(csvCell('5" pipe'), '"5"" pipe"');
  assert.equal(csvCell('line\nbreak'), '"line\nbreak"');
  assert.equal(csvCell('cr\rhere'), '"cr\rhere"');
  assert.equal(csvCell('a;b'), 'a;b');
  assert.equal(csvCell('a;b', ';'), '"a;b"');
  assert.equal(csvCell('a\tb', '\t'), '"a\tb"');
});

test('null and undefined are empty; numbers and booleans are written as-is', () => {
  assert.equal(csvCell(null), '');
  assert.equal(csvCell(undefined), '');
  assert.equal(csvCell(''), '');
  assert.equal(csvCell(-12.5), '-12.5');
  assert.equal(csvCell(42), '42');
  assert.equal(csvCell(true), 'true');
  assert.equal(csvCell(false), 'false');
});

test('formula triggers are neutralised with a leading quote', () => {
  assert.equal(csvCell('=SUM(A1)'), "'=SUM(A1)");
  assert.equal(csvCell('+cmd'), "'+cmd");
  assert.equal(csvCell('-2+3'), "'-2+3");
  assert.equal(csvCell('@x'), "'@x");
  assert.equal(csvCell('\tfoo'), "'\tfoo");
  assert.equal(csvCell('=HYPERLINK("http://x","y")'), '"\'=HYPERLINK(""http://x"",""y"")"');
  assert.equal(csvCell('\r=1'), '"\'\r=1"');
  assert.equal(csvCell('=1,2'), '"\'=1,2"');
});

test('plain numbers and E.164 phones are not neutralised', () => {
  assert.equal(csvCell('-12.5'), '-12.5');
  assert.equal(csvCell('42'), '42');
  assert.equal(csvCell('+14125550100'), '+14125550100');
  assert.equal(csvCell('+1 412 555 0100'), "'+1 412 555 0100", 'not E.164, so guarded');
  assert.equal(csvCell('+0123456789'), "'+0123456789", 'E.164 cannot start with 0');
  assert.equal(csvCell('-'), "'-");
  assert.equal(csvCell('-.5'), '-.5');
  assert.equal(csvCell('-1e5'), "'-1e5", 'exponent form is not a plain number');
});

test('csvLine joins cells and ends with CRLF; the tokenizer reads it back', () => {
  const line = csvLine(['Acme, Inc.', 'say "hi"', null, 3, false, 'multi\nline']);
  assert.equal(line, '"Acme, Inc.","say ""hi""",,3,false,"multi\nline"\r\n');
  assert.deepEqual(tokenizeCsv(line, ',').records, [['Acme, Inc.', 'say "hi"', '', '3', 'false', 'multi\nline']]);
  assert.equal(csvLine(['a', 'b;c'], ';'), 'a;"b;c"\r\n');
  assert.equal(csvLine([]), '\r\n');
});
