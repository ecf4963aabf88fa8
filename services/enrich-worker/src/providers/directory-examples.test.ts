import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { readCsvUploadSync } from '@bej/csv';
import { deriveRow, fastPathMapping } from '@bej/leads';
import { createDirectoryProvider, loadDirectory } from './directory.provider.ts';

const examples = (name: string) => fileURLToPath(new URL(`../../../../examples/${name}`, import.meta.url));

test('every row of examples/leads.csv against examples/directory.jsonl', async () => {
  // The real path of an upload: the CSV package reads the file, the header fast path maps it (as the journey test expects).
  const { headers: header, rows } = readCsvUploadSync(await readFile(examples('leads.csv'))).parsed;
  const mapping = fastPathMapping(header);
  assert.ok(mapping, 'the header fast path maps examples/leads.csv');
  const provider = createDirectoryProvider({ index: await loadDirectory(examples('directory.jsonl')) });
  const counts = { matched: 0, empty: 0, invalid: 0, primary: 0 };
  const contactIds = new Set<string>();
  for (const cells of rows) {
    assert.equal(cells.length, header.length, 'every row has every column');
    const derived = deriveRow(header, cells, mapping);
    contactIds.add(derived.input.contact_id);
    if (!derived.valid) { counts.invalid += 1; continue; }
    const outcome = await provider.hunt({ lead: derived.input, variants: derived.variants });
    if (outcome.matched) counts.matched += 1;
    else counts.empty += 1;
    if (outcome.pass === 'primary') counts.primary += 1;
  }
  // Designed: 40 rows = 29 matched (7 by phone, 11 by company + place, 7 by street + zip, 4 more below them in the file),
  // 9 empty (same name in another city, same street in another zip, unknown businesses), 2 invalid.
  assert.deepEqual(counts, { matched: 29, empty: 9, invalid: 2, primary: 29 });
  assert.equal(contactIds.size, 40, 'derived contact ids differ between different leads');
});
