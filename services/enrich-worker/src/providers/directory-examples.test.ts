import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { deriveRow, type ColumnMapping } from '@bej/leads';
import { createDirectoryProvider, loadDirectory } from './directory.provider.ts';

const examples = (name: string) => fileURLToPath(new URL(`../../../../examples/${name}`, import.meta.url));

// The mapping the header fast path gives examples/leads.csv.
const MAPPING: ColumnMapping = {
  columns: { company: 'Company', street: ['Address', 'Address 2'], city: 'City', state: 'State', zip: 'Zip', number1: 'Phone', dm_name: 'Contact' },
  search_variants: [],
  chat_label: { primary_column: 'Company', location_columns: ['City', 'State'] },
};

// Just enough RFC 4180 for the sample (quoted fields, doubled quotes, LF or CRLF); packages/csv is the real parser.
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i] as string;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') { cell += '"'; i += 1; }
      else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') { row.push(cell); cell = ''; }
    else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i += 1;
      row.push(cell); rows.push(row); row = []; cell = '';
    } else cell += char;
  }
  if (cell !== '' || row.length > 0) { row.push(cell); rows.push(row); }
  return rows;
}

test('every row of examples/leads.csv against examples/directory.jsonl', async () => {
  const [header, ...rows] = parseCsv(await readFile(examples('leads.csv'), 'utf8'));
  assert.ok(header);
  const provider = createDirectoryProvider({ index: await loadDirectory(examples('directory.jsonl')) });
  const counts = { matched: 0, empty: 0, invalid: 0, primary: 0 };
  const contactIds = new Set<string>();
  for (const cells of rows) {
    assert.equal(cells.length, header.length, 'every row has every column');
    const derived = deriveRow(header, cells, MAPPING);
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
