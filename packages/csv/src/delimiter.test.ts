import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectDelimiter } from './delimiter.ts';

test('comma file with quoted commas', () => {
  assert.equal(detectDelimiter('Name,Address,City\n"Acme, Inc.","1 Main St, Suite 2",Austin\nBo,2 Oak,Boise\n'), ',');
});

test('tab file whose values contain commas', () => {
  const text = 'Name\tAddress\tCity\nAcme, Inc.\t1 Main St, Suite 2, rear\tAustin\nBo\t2 Oak\tBoise\n';
  assert.equal(detectDelimiter(text), '\t');
});

test('European Excel semicolon file with decimal commas', () => {
  const text = 'Name;Umsatz;Anteil;Stadt\nMüller GmbH;1,5;0,25;Köln\nSchmidt AG;12,75;3;Bonn\nWeber KG;7;1,5;Essen\n';
  assert.equal(detectDelimiter(text), ';');
});

test('semicolon wins even when every row has the same number of decimal commas', () => {
  const text = 'Name;Amount;City\nA;1,5;X\nB;2,5;Y\nC;3,5;Z\n';
  assert.equal(detectDelimiter(text), ';');
});

test('pipe file', () => {
  assert.equal(detectDelimiter('id|name|city\n1|Acme, Inc.|Austin\n2|Bo|Boise\n'), '|');
});

test('single-column file defaults to comma', () => {
  assert.equal(detectDelimiter('Email\na@example.com\nb@example.com\n'), ',');
  assert.equal(detectDelimiter(''), ',');
});

test('junk preamble lines do not mislead: the majority region wins', () => {
  const text = [
    'Report generated 2026-01-02; page 1',
    'Customer export',
    '',
    'Company\tPhone\tCity\tState',
    'Acme\t+14125550100\tAustin\tTX',
    'Bo, LLC\t+14125550101\tBoise\tID',
    'Cy\t+14125550102\tTampa\tFL',
  ].join('\n');
  assert.equal(detectDelimiter(text), '\t');
});

test('quote-aware: a multi-line quoted field does not break the count', () => {
  const text = 'a;b;c\n"line one\nline two; still b";2;3\nx;y;z\n';
  assert.equal(detectDelimiter(text), ';');
});
