import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeUpload, detectUtf16, looksBinary } from './decode.ts';

const SAMPLE = 'Name,City\r\nJosé,Zürich\r\n';

test('plain UTF-8 is strict-validated and kept', () => {
  assert.deepEqual(decodeUpload(Buffer.from(SAMPLE, 'utf8')), { text: SAMPLE, encoding: 'utf-8' });
});

test('UTF-8 BOM is detected and stripped', () => {
  const result = decodeUpload(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(SAMPLE, 'utf8')]));
  assert.equal(result.encoding, 'utf-8-bom');
  assert.equal(result.text, SAMPLE);
  assert.equal(result.text.charCodeAt(0), 'N'.charCodeAt(0));
});

test('UTF-16LE with BOM is decoded and the BOM stripped', () => {
  const result = decodeUpload(Buffer.from('\ufeff' + SAMPLE, 'utf16le'));
  assert.deepEqual(result, { text: SAMPLE, encoding: 'utf-16le' });
});

test('UTF-16LE without BOM (Excel "Unicode text") is found by its NUL pattern', () => {
  const tsv = 'Name\tCity\r\nJosé\tZürich\r\n';
  const buf = Buffer.from(tsv, 'utf16le');
  assert.equal(detectUtf16(buf), 'utf-16le');
  assert.deepEqual(decodeUpload(buf), { text: tsv, encoding: 'utf-16le' });
  assert.equal(looksBinary(buf), false, 'UTF-16 NULs must not read as binary');
});

test('UTF-16BE with and without BOM', () => {
  const le = Buffer.from(SAMPLE, 'utf16le');
  const be = Buffer.from(le).swap16();
  assert.deepEqual(decodeUpload(be), { text: SAMPLE, encoding: 'utf-16be' });
  assert.deepEqual(decodeUpload(Buffer.concat([Buffer.from([0xfe, 0xff]), be])), { text: SAMPLE, encoding: 'utf-16be' });
});

test('invalid UTF-8 falls back to Windows-1252 (é and curly apostrophe)', () => {
  const buf = Buffer.from([0x4e, 0x61, 0x6d, 0x65, 0x0a, 0x52, 0x65, 0x6e, 0xe9, 0x92, 0x73, 0x0a]);
  assert.deepEqual(decodeUpload(buf), { text: 'Name\nRené\u2019s\n', encoding: 'windows-1252' });
});

test('Windows-1252 euro sign 0x80 maps to €, not a C1 control', () => {
  assert.equal(decodeUpload(Buffer.from([0x80, 0x35])).text, '€5');
});

test('binary files are recognised', () => {
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
  assert.equal(looksBinary(png), true);
  assert.equal(looksBinary(Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(40, 0x41)])), true);
  assert.equal(looksBinary(Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n', 'latin1')), true);
  assert.equal(looksBinary(Buffer.from('name,city\nab\0cd,x\n', 'latin1')), true, 'stray NUL');
  assert.equal(looksBinary(Buffer.from(Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? 0x01 : 0x41)))), true);
});

test('ordinary text is not binary, including tabs, CR and cp1252 bytes', () => {
  assert.equal(looksBinary(Buffer.from(SAMPLE, 'utf8')), false);
  assert.equal(looksBinary(Buffer.from('a\tb\r\nc\td\r\n', 'utf8')), false);
  assert.equal(looksBinary(Buffer.from([0x52, 0x65, 0x6e, 0xe9, 0x92, 0x0a])), false);
  assert.equal(looksBinary(Buffer.alloc(0)), false);
});
