import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { readCsv } from './support/read-csv.ts';
import { startTestStack, type TestStack } from './support/test-stack.ts';

let stack: TestStack;
before(async () => {
  stack = await startTestStack({}, { services: [] });
});
after(async () => {
  await stack?.close();
});

// Text that COPY's format, JSON and CSV each treat specially: delimiters, escapes, null markers.
const NOTES = [
  'tab\tinside',
  'two\nlines',
  'cr\rline',
  'back\\slash and \\\\ double',
  '\\N',
  '\\.',
  '\\0 and \\x00 and \\u0000, NUL spelled out',
  'say "hi", twice ""',
  'é ü 漢字 🙂',
  '\u0001\u001f control characters',
  '\ttab first',
  '',
];
const quote = (cell: string) => `"${cell.replaceAll('"', '""')}"`;
const FILE = [
  'Company,Address,City,State,Zip,Phone,Notes',
  ...NOTES.map((note, i) => [quote(`Round Trip ${i} ${note}`), `${i + 1} Main St`, 'Erie', 'PA', '16501', `(814) 555-${String(1000 + i)}`, quote(note)].join(',')),
].join('\r\n');

test('awkward cells round-trip through the upload (COPY) and the download unchanged, E.164 phones in the input', async () => {
  const agent = await stack.api.mintAgent();
  const uploaded = await stack.api.upload(FILE, { bearer: agent.token });
  assert.equal(uploaded.status, 201, uploaded.text);
  const { rows: stored } = await stack.database.pool.query(
    `select row_index, cells, input->>'number1' as phone, input->>'company' as company from batch_enrich_row where job_id = $1 order by row_index`,
    [uploaded.body.id],
  );
  assert.equal(stored.length, NOTES.length);
  assert.deepEqual(
    stored.map((r) => r.cells[6]),
    NOTES,
    'the cells stored are the cells of the file',
  );
  assert.deepEqual(
    stored.map((r) => r.phone),
    NOTES.map((_, i) => `+1814555${String(1000 + i)}`),
  );

  const res = await stack.api.request('GET', `/api/v1/batch/enrich/${uploaded.body.id}/download.csv`, { bearer: agent.token });
  assert.equal(res.status, 200);
  const [header, ...rows] = readCsv(res.text);
  assert.equal(rows.length, NOTES.length);
  const notes = header!.indexOf('file.Notes');
  const phone = header!.indexOf('input.number1');
  assert.ok(notes > 0 && phone > 0, header!.join(','));
  // A cell that starts with a tab is a formula trigger: the download guards it with a leading quote.
  assert.deepEqual(
    rows.map((r) => r[notes]),
    NOTES.map((n) => (n.startsWith('\t') ? `'${n}` : n)),
  );
  assert.deepEqual(
    rows.map((r) => r[phone]),
    NOTES.map((_, i) => `+1814555${String(1000 + i)}`),
  );
  assert.deepEqual(
    rows.map((r) => r[0]),
    NOTES.map((_, i) => String(i)),
  );
});
