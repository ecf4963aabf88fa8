import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDirectoryIndex, loadDirectory, parseDirectoryLines } from './directory-index.ts';

const GOOD = JSON.stringify({ company: 'Haney Furniture Co', aliases: ['Haney Home LLC'], street: '100 Main St', zip: 15213, phones: [{ number: '(724) 654-7732' }] });

test('parseDirectoryLines skips blank lines and applies defaults', () => {
  const [record, ...rest] = parseDirectoryLines(`\n${GOOD}\r\n   \n`);
  assert.equal(rest.length, 0);
  assert.equal(record?.zip, '15213');
  assert.equal(record?.city, null);
  assert.deepEqual(record?.contacts, []);
  assert.deepEqual(record?.account_ids, []);
});

test('parseDirectoryLines names the line of malformed JSON', () => {
  assert.throws(() => parseDirectoryLines(`${GOOD}\n\n{"company": "Broken"`, 'dir.jsonl'), /^Error: dir\.jsonl line 3: not valid JSON/);
});

test('parseDirectoryLines names the line and field of an invalid record', () => {
  assert.throws(() => parseDirectoryLines(`${GOOD}\n{"company":"X","phones":[{"type":"main"}]}`), /line 2: invalid record at phones\.0\.number/);
  assert.throws(() => parseDirectoryLines('{"street":"1 Elm St"}'), /line 1: invalid record at company/);
});

test('loadDirectory reads a file and indexes phones, names with aliases, street+zip and account ids', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'directory-'));
  try {
    const path = join(dir, 'directory.jsonl');
    await writeFile(path, `${GOOD}\n${JSON.stringify({ company: 'Other Co', account_ids: ['a-1'] })}\n`);
    const index = await loadDirectory(path);
    assert.equal(index.records.length, 2);
    assert.deepEqual([...index.byPhone.keys()], ['+17246547732']);
    assert.deepEqual([...index.byCompany.keys()], ['haney furniture', 'haney home', 'other']);
    assert.deepEqual([...index.byStreetZip.keys()], ['100 main st|15213']);
    assert.deepEqual([...index.byAccountId.keys()], ['A-1']);
    await writeFile(path, `${GOOD}\nnot json\n`);
    await assert.rejects(loadDirectory(path), new RegExp(`${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} line 2`));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('buildDirectoryIndex rejects an invalid in-memory record', () => {
  assert.throws(() => buildDirectoryIndex([{ company: '' }]));
});
