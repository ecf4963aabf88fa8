import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CsvRejection } from './errors.ts';
import { parseCsv } from './parse.ts';
import { tokenizeCsv } from './tokenize.ts';

test('quoted delimiter, doubled quotes and a multi-line quoted field', () => {
  const text = 'Company,Notes,City\r\n"Acme, Inc.","He said ""call me""\nafter 5pm\r\nthanks",Austin\r\nBo,plain,Boise\r\n';
  const parsed = parseCsv(text);
  assert.equal(parsed.delimiter, ',');
  assert.deepEqual(parsed.headers, ['Company', 'Notes', 'City']);
  assert.deepEqual(parsed.rows, [
    ['Acme, Inc.', 'He said "call me"\nafter 5pm\r\nthanks', 'Austin'],
    ['Bo', 'plain', 'Boise'],
  ]);
});

test('CRLF, LF and lone CR line endings all end records, and may mix', () => {
  const expected = [['a', 'b'], ['1', '2'], ['3', '4']];
  assert.deepEqual(tokenizeCsv('a,b\r\n1,2\r\n3,4\r\n', ',').records, expected);
  assert.deepEqual(tokenizeCsv('a,b\n1,2\n3,4', ',').records, expected);
  assert.deepEqual(tokenizeCsv('a,b\r1,2\r3,4\r', ',').records, expected);
  assert.deepEqual(tokenizeCsv('a,b\n1,2\r\n3,4\r', ',').records, expected);
});

test('tokenizer edge cases: empty fields, trailing delimiter, empty quoted, quote inside unquoted', () => {
  assert.deepEqual(tokenizeCsv(',a,,"",b,', ',').records, [['', 'a', '', '', 'b', '']]);
  assert.deepEqual(tokenizeCsv('5" pipe,"x"y,z', ',').records, [['5" pipe', 'xy', 'z']]);
  assert.deepEqual(tokenizeCsv('a\n\nb\n', ',').records, [['a'], [''], ['b']]);
  assert.deepEqual(tokenizeCsv('"unterminated,\nrest', ',').records, [['unterminated,\nrest']]);
  assert.deepEqual(tokenizeCsv('', ',').records, []);
});

test('each delimiter parses, and an explicit delimiter skips detection', () => {
  assert.deepEqual(parseCsv('a\tb\n1\t2\n').rows, [['1', '2']]);
  assert.deepEqual(parseCsv('a|b\n1|2\n').rows, [['1', '2']]);
  assert.equal(parseCsv('a;b\n1;2\n', { delimiter: ';' }).delimiter, ';');
  const forced = parseCsv('Name,Inc\tCity\nAcme, Inc.\tAustin\nBo, LLC\tBoise\n', { delimiter: '\t' });
  assert.deepEqual(forced.headers, ['Name,Inc', 'City']);
  assert.deepEqual(forced.rows[0], ['Acme, Inc.', 'Austin']);
  assert.throws(() => parseCsv('a:b\n', { delimiter: ':' }), TypeError);
});

test('semicolon file with decimal commas keeps the commas inside values', () => {
  const parsed = parseCsv('Name;Umsatz;Stadt\r\nMüller GmbH;1,5;Köln\r\nWeber KG;12,75;Essen\r\n');
  assert.equal(parsed.delimiter, ';');
  assert.deepEqual(parsed.rows, [['Müller GmbH', '1,5', 'Köln'], ['Weber KG', '12,75', 'Essen']]);
});

test('preamble lines before the header are skipped and counted', () => {
  const text = 'Report generated 2026-01-02\nCustomer export\n\nCompany,Phone,City\nAcme,+14125550100,Austin\nBo,+14125550101,Boise\n';
  const parsed = parseCsv(text);
  assert.equal(parsed.preambleLines, 3);
  assert.deepEqual(parsed.headers, ['Company', 'Phone', 'City']);
  assert.equal(parsed.rows.length, 2);
});

test('a preamble line with the right width but numeric cells is not the header', () => {
  const parsed = parseCsv('2026,01,02\nCompany,Phone,Employees\nAcme,+14125550100,12\n');
  assert.equal(parsed.preambleLines, 1);
  assert.deepEqual(parsed.headers, ['Company', 'Phone', 'Employees']);
});

test('duplicate headers (case-insensitive) get suffixes, blank headers get column_<n>', () => {
  const parsed = parseCsv('Email,Phone,email,,EMAIL,Email (2),\n1,2,3,4,5,6,7\n');
  assert.deepEqual(parsed.headers, ['Email', 'Phone', 'email (3)', 'column_4', 'EMAIL (4)', 'Email (2)', 'column_7']);
  assert.deepEqual(parsed.rawHeaders, ['Email', 'Phone', 'email', '', 'EMAIL', 'Email (2)', '']);
  assert.equal(new Set(parsed.headers.map((h) => h.toLowerCase())).size, parsed.headers.length);
});

test('padded and stray-quoted headers are trimmed', () => {
  const parsed = parseCsv('  Company  ,\t"Phone" , \'City\'\nAcme,1,Austin\n');
  assert.deepEqual(parsed.headers, ['Company', 'Phone', 'City']);
  assert.deepEqual(parsed.rawHeaders, ['  Company  ', '\t"Phone" ', " 'City'"]);
});

test('rows are neither padded nor cut: wider rows are listed, blank cells past the header dropped, blank lines dropped', () => {
  const parsed = parseCsv('a,b,c\n1\n\n1,2,3,4\n,,\n  \nx,y,z,,\n');
  assert.deepEqual(parsed.rows, [['1'], ['1', '2', '3', '4'], ['x', 'y', 'z']]);
  assert.deepEqual(parsed.wideRows, [1]);
});

test('no header-like row is rejected with no_header; no content with empty_file', () => {
  assert.throws(() => parseCsv('1,2,3\n4,5,6\n7,8,9\n'), (error: unknown) => error instanceof CsvRejection && error.code === 'no_header');
  assert.throws(() => parseCsv('\n\n ,\n'), (error: unknown) => error instanceof CsvRejection && error.code === 'empty_file');
});
