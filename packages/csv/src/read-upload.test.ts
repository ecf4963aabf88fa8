import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CsvRejection, type CsvRejectionCode } from './errors.ts';
import { readCsvUploadSync } from './read-upload.ts';

function rejectsWith(buf: Buffer, code: CsvRejectionCode, secret?: string): void {
  assert.throws(
    () => readCsvUploadSync(buf),
    (error: unknown) => {
      assert.ok(error instanceof CsvRejection, 'expected a CsvRejection');
      assert.equal(error.code, code);
      assert.ok(error.message.length > 40, 'message explains what to do');
      if (secret !== undefined) assert.ok(!error.message.includes(secret), 'message must not quote cell values');
      return true;
    },
  );
}

test('a PNG is rejected as binary_file with a message saying it is not CSV-like text', () => {
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
  rejectsWith(png, 'binary_file');
  assert.throws(() => readCsvUploadSync(png), /not CSV-like text/);
});

test('an xlsx (zip) upload is rejected as binary_file', () => {
  rejectsWith(Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(64, 0x20)]), 'binary_file');
});

test('empty and whitespace-only files are empty_file', () => {
  rejectsWith(Buffer.alloc(0), 'empty_file');
  rejectsWith(Buffer.from(' \r\n\t\n', 'utf8'), 'empty_file');
  rejectsWith(Buffer.from([0xef, 0xbb, 0xbf]), 'empty_file');
});

test('a header without data rows is header_only, and the message leaves the header values out', () => {
  rejectsWith(Buffer.from('SecretCorpColumn,Phone\r\n\r\n,\r\n', 'utf8'), 'header_only', 'SecretCorpColumn');
});

test('an all-numeric file is no_header without quoting values', () => {
  rejectsWith(Buffer.from('4125550100,17\n4125550101,18\n', 'utf8'), 'no_header', '4125550100');
});

test('a UTF-16LE Excel export is decoded and parsed', () => {
  const upload = readCsvUploadSync(Buffer.from('\ufeffCompany\tCity\r\nAcme\tZürich\r\n', 'utf16le'));
  assert.equal(upload.encoding, 'utf-16le');
  assert.equal(upload.parsed.delimiter, '\t');
  assert.deepEqual(upload.parsed.headers, ['Company', 'City']);
  assert.deepEqual(upload.parsed.rows, [['Acme', 'Zürich']]);
});

test('a Windows-1252 semicolon export with a preamble is decoded and parsed', () => {
  const bytes = Buffer.from('Export;;\r\nName;Umsatz;Stadt\r\nRen\xe9 GmbH;1,5;K\xf6ln\r\n', 'latin1');
  const upload = readCsvUploadSync(bytes);
  assert.equal(upload.encoding, 'windows-1252');
  assert.equal(upload.parsed.preambleLines, 1);
  assert.deepEqual(upload.parsed.rows, [['René GmbH', '1,5', 'Köln']]);
});
