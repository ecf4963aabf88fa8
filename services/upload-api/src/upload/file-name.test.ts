import { test } from 'node:test';
import assert from 'node:assert/strict';
import { safeFileName } from './file-name.ts';

test('a stored file name is its last path segment, without control characters, bounded', () => {
  assert.equal(safeFileName('leads.csv'), 'leads.csv');
  assert.equal(safeFileName('../../etc/passwd.csv'), 'passwd.csv');
  assert.equal(safeFileName('C:\\Users\\me\\Desktop\\leads.csv'), 'leads.csv');
  assert.equal(safeFileName('le\u0000a\u001bds.csv'), 'leads.csv');
  assert.equal(safeFileName('x'.repeat(500) + '.csv')?.length, 200);
  for (const empty of [undefined, '', '/', '..', 'a/..', '\u0001']) assert.equal(safeFileName(empty), null, String(empty));
});
