import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { directoryPath } from './create-provider.ts';

test('a relative directory path is read from the caller folder, else from the repository root', () => {
  const caller = mkdtempSync(join(tmpdir(), 'bej-dir-'));
  writeFileSync(join(caller, 'mine.jsonl'), '');
  assert.equal(directoryPath('mine.jsonl', caller), join(caller, 'mine.jsonl'));
  assert.match(directoryPath('examples/directory.jsonl', caller), /\/examples\/directory\.jsonl$/);
  assert.notEqual(directoryPath('examples/directory.jsonl', caller), join(caller, 'examples/directory.jsonl'));
  assert.equal(directoryPath('/abs/dir.jsonl', caller), '/abs/dir.jsonl');
});
