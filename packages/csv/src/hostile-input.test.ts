import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeUpload } from './decode.ts';
import { CsvRejection, type CsvRejectionCode } from './errors.ts';
import { cleanHeaders } from './headers.ts';
import { parseCsv, parseCsvYielding } from './parse.ts';

function refusedWith(run: () => unknown, code: CsvRejectionCode, line?: number): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof CsvRejection, `expected a CsvRejection, got ${String(error)}`);
    assert.equal(error.code, code);
    if (line !== undefined) {
      assert.equal(error.line, line);
      if (code !== 'too_many_rows') assert.match(error.message, new RegExp(`^Line ${line}\\b`));
    }
    return true;
  });
}

const leadRows = (n: number) => Array.from({ length: n }, (_, i) => `Company ${i},15213`).join('\n');

test('an unterminated quote is refused naming its line, not swallowed into one cell', () => {
  refusedWith(() => parseCsv(`company,zip\n"Acme,15213\n${leadRows(10_000)}\n`), 'unterminated_quote', 2);
  // A stray quote that a later row's quote "closes" would swallow every line between them.
  refusedWith(() => parseCsv('company,zip\nAcme,15213\n"Beta,15213\nGamma,15213\n"Delta,15213\n'), 'unterminated_quote', 3);
  // Well-formed multi-line quoted fields are still read.
  assert.deepEqual(parseCsv('company,notes\nAcme,"line 1\nline 2"\n').rows, [['Acme', 'line 1\nline 2']]);
});

test('a stray quote inside an unquoted field is literal and text after a closing quote is kept', () => {
  assert.deepEqual(parseCsv('company,zip\nAcme 5" Pipe,15213\n"Beta" Inc,15213\n').rows, [
    ['Acme 5" Pipe', '15213'],
    ['Beta Inc', '15213'],
  ]);
});

test('limits are enforced while reading, naming the line', () => {
  const wideHeader = Array.from({ length: 50_000 }, (_, i) => `c${i}`).join(',');
  refusedWith(() => parseCsv(`${wideHeader}\n${'a,b\n'.repeat(12_000)}`), 'too_many_columns', 1);
  refusedWith(() => parseCsv(`company,notes\nAcme,ok\nBeta,${'x'.repeat(1_000_000)}\n`), 'field_too_large', 3);
  refusedWith(() => parseCsv(`company,zip\n${leadRows(20)}\n`, { limits: { maxRows: 10 } }), 'too_many_rows', 12);
});

test('a 50,000-column header over 12,000 short rows is read without padding when the column limit allows it', () => {
  const wideHeader = Array.from({ length: 50_000 }, (_, i) => `c${i}`).join(',');
  const parsed = parseCsv(`${wideHeader}\n${'a,b\n'.repeat(12_000)}`, { limits: { maxColumns: 50_000 } });
  assert.equal(parsed.headers.length, 50_000);
  assert.equal(parsed.rows.length, 12_000);
  assert.ok(parsed.rows.every((row) => row.length === 2), 'rows keep their own width');
});

test('16,000 repeats of one header name are renamed in one pass, in order', { timeout: 20_000 }, () => {
  const names = cleanHeaders(Array.from({ length: 16_000 }, () => 'Email'));
  assert.equal(new Set(names.map((n) => n.toLowerCase())).size, 16_000);
  assert.equal(names[0], 'Email');
  assert.equal(names[1], 'Email (2)');
  assert.equal(names[15_999], 'Email (16000)');
  assert.deepEqual(cleanHeaders(['Email', 'Email (2)', 'email', 'EMAIL']), ['Email', 'Email (2)', 'email (3)', 'EMAIL (4)']);
});

test('one invalid byte does not re-decode a UTF-8 file as Windows-1252', () => {
  const utf8 = Buffer.from('company,city\nMüller GmbH,Köln\n', 'utf8');
  const stray = Buffer.concat([utf8, Buffer.from('Caf'), Buffer.from([0xe9]), Buffer.from(',Paris\n')]);
  assert.deepEqual(decodeUpload(stray), { text: 'company,city\nMüller GmbH,Köln\nCafé,Paris\n', encoding: 'utf-8+windows-1252' });
  // A line mixing proper UTF-8 and a broken byte stays UTF-8, the broken byte marked.
  const mixedLine = Buffer.concat([Buffer.from('Müller '), Buffer.from([0xff]), Buffer.from(',Köln\n')]);
  assert.equal(decodeUpload(mixedLine).text, 'Müller \ufffd,Köln\n');
  // A replacement character the file itself holds is kept on its valid line.
  const held = Buffer.concat([Buffer.from('company\nMüller\nBad \ufffd mark\nCaf'), Buffer.from([0xe9]), Buffer.from('\n')]);
  assert.equal(decodeUpload(held).text, 'company\nMüller\nBad \ufffd mark\nCafé\n');
  // A plain Windows-1252 file is still read as such.
  assert.deepEqual(decodeUpload(Buffer.from('Name\nRen\xe9\n', 'latin1')), { text: 'Name\nRené\n', encoding: 'windows-1252' });
});

test('header identification: trailing delimiters, sep= line, one column with commas, long semicolon header', () => {
  const trailing = parseCsv('company,zip\nAcme,15213,\nBeta,15217,\n');
  assert.deepEqual(trailing.headers, ['company', 'zip']);
  assert.deepEqual(trailing.rows, [['Acme', '15213'], ['Beta', '15217']]);
  assert.deepEqual(trailing.wideRows, []);

  const sep = parseCsv('sep=;\ncompany;zip\nAcme, Inc;15213\n');
  assert.equal(sep.delimiter, ';');
  assert.deepEqual(sep.headers, ['company', 'zip']);
  assert.deepEqual(sep.rows, [['Acme, Inc', '15213']]);
  assert.equal(sep.preambleLines, 1);
  assert.deepEqual(parseCsv('sep=,\r\ncompany,city\r\nAcme,Austin\r\n').headers, ['company', 'city']);

  const oneColumn = parseCsv('company\nAcme, Inc\nBeta, LLC\nGamma Holdings\n');
  assert.equal(oneColumn.delimiter, 'none');
  assert.deepEqual(oneColumn.headers, ['company']);
  assert.deepEqual(oneColumn.rows, [['Acme, Inc'], ['Beta, LLC'], ['Gamma Holdings']]);

  // A header longer than the 256 KB sniffing sample still names its delimiter.
  const names = Array.from({ length: 1_900 }, (_, i) => `Spalte mit langem Namen Nummer ${i} ${'x'.repeat(110)}`);
  const longHeader = `Firma;${names.join(';')}`;
  assert.ok(longHeader.length > 256 * 1024);
  const long = parseCsv(`${longHeader}\nAcme, Inc;1\n`);
  assert.equal(long.delimiter, ';');
  assert.equal(long.headers.length, 1_901);
  assert.deepEqual(long.rows[0], ['Acme, Inc', '1']);
});

test('a preamble title line is still skipped, and rows wider than the header are listed', () => {
  const parsed = parseCsv('Leads export\ncompany,zip\nAcme,15213\nAcme, Inc,15213\n');
  assert.deepEqual(parsed.headers, ['company', 'zip']);
  assert.equal(parsed.preambleLines, 1);
  assert.deepEqual(parsed.rows[1], ['Acme', ' Inc', '15213']);
  assert.deepEqual(parsed.wideRows, [1]);
});

test('the yielding parser reads exactly what the synchronous one reads', async () => {
  const text = `company,zip,notes\n${Array.from({ length: 5_000 }, (_, i) => `C${i},1521${i % 10},"a\nb"`).join('\n')}\n`;
  assert.deepEqual(await parseCsvYielding(text, {}, 0), parseCsv(text));
});
