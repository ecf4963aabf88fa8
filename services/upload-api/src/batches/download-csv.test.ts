import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Writable } from 'node:stream';
import { ColumnUnion, csvLine, flattenObject } from '@bej/csv';
import { insertBatchWithRows, microToUsd, type NewRow } from '@bej/db';
import { orderResultGraph } from '@bej/leads';
import { useTestDatabase } from '../../../../packages/db/src/test-support/test-database.ts';
import { TEST_JOB_MAPPING, testLead } from '../../../../packages/db/src/test-support/test-job-mapping.ts';
import { documentStructure } from './document-scan.ts';
import { writeEnrichedCsv } from './download-csv.ts';

const handle = useTestDatabase('download_csv', 3);

test('documentStructure keeps keys, nesting and array lengths and drops every leaf value', () => {
  const same = [
    { input: { company: 'A, "B"', zip: null }, phones: [{ e164: '+1', type: 'main' }], confidence: 0.5, x: true },
    { input: { company: 'other\\text:', zip: '15213' }, phones: [{ e164: '+2', type: null }], confidence: 1, x: false },
  ];
  assert.equal(documentStructure(JSON.stringify(same[0])), documentStructure(JSON.stringify(same[1])));
  const differ = [
    { a: [] },
    { a: ['x'] },
    { a: ['x', 'y'] },
    { a: {} },
    { a: { b: 1 } },
    { a: 'x' },
    { 'a:': 1 },
    { '"a"': 1 },
    { a: 1, b: 1 },
  ].map((doc) => documentStructure(JSON.stringify(doc)));
  assert.equal(new Set(differ).size, differ.length, differ.join(' | '));
});

// The download as it was before structures and plans: every row read back (jsonb parsed, so keys
// in PostgreSQL's order), flattened whole, aligned by column name.
async function referenceCsv(jobId: string, headers: string[]): Promise<string> {
  const { rows } = await handle.pool.query<{ row_index: number; status: string; input: unknown; result: Record<string, unknown> | null; cells: string[] }>(
    'select row_index, status, input, result, cells from batch_enrich_row where job_id = $1 order by row_index',
    [jobId],
  );
  const flatten = (row: (typeof rows)[number]) => flattenObject(orderResultGraph(row.result ?? { input: row.input }), { omitKeys: ['tool_trace'] });
  const union = new ColumnUnion();
  for (const row of rows) union.add(flatten(row));
  const widest = Math.max(...rows.map((r) => r.cells.length));
  const fileHeaders = widest > headers.length ? [...headers, ...Array.from({ length: widest - headers.length }, (_, i) => `column_${headers.length + i + 1}`)] : headers;
  let text = csvLine(['row_index', 'enrich_status', 'enrich_matched', 'enrich_spent_usd', ...union.columns, ...fileHeaders.map((h) => `file.${h}`), 'enrich_reused']);
  for (const row of rows) {
    const cells = fileHeaders.map((_, i) => row.cells[i] ?? '');
    text += csvLine([row.row_index, row.status, false, microToUsd(0), ...union.align(flatten(row)), ...cells, false]);
  }
  return text;
}

test('the download has the columns and values of flattening every row, whatever mix of result shapes the rows have', async () => {
  const headers = ['Company', 'Zip'];
  let seed = 7;
  const next = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
  const rows: NewRow[] = Array.from({ length: 2500 }, (_, rowIndex) => {
    const input = testLead({ company: `Co ${rowIndex}`, zip: next(2) === 0 ? null : '15213', contact_id: `h_${rowIndex}` });
    const kind = next(6);
    const result =
      kind === 0
        ? null
        : {
            input,
            phones: Array.from({ length: next(3) }, (_, i) => ({ e164: `+1412555${1000 + i}`, type: next(2) === 0 ? 'main' : null })),
            contacts: Array.from({ length: next(2) }, () => ({ display_name: 'Dana', phones: Array.from({ length: next(3) }, () => '+14125550000'), emails: [] })),
            confidence: next(2) === 0 ? 0 : 0.9,
            tool_trace: Array.from({ length: next(4) }, () => ({ step: 'x', detail: 'y' })),
            ...(kind === 5 && rowIndex > 2000 ? { late_key: { nested: [next(9)], tool_trace: 'hidden' } } : {}),
            // Keys JavaScript orders first (integer-like), dotted keys that collide with a nested
            // path, escapes, numbers jsonb writes its own way, arrays of arrays.
            ...(kind === 4
              ? {
                  extra: { '10': 'ten', '2': next(2) === 0 ? null : 'two', 'a.b': 'dotted', a: { b: 'nested' }, z: [[1.5, 'q"uote\\'], []] },
                  'x.y': next(2) === 0 ? 'tab\tand\nline' : Number('12345678901234567890'), // beyond 2^53 on purpose: jsonb keeps the digits, JavaScript does not
                  x: { y: -0.000001 },
                  unicode: 'é 漢字 🙂 \u0001',
                }
              : {}),
            summary_markdown: next(2) === 0 ? null : '**x**',
          };
    const cells = rowIndex === 1700 ? [`Co ${rowIndex}`, '15213', 'extra cell'] : [`Co ${rowIndex}`, '15213'];
    return { rowIndex, cells, input, searchVariants: [], status: result === null ? 'pending' : 'done', result };
  });
  const job = await insertBatchWithRows(
    handle.db,
    { fileRowCount: rows.length, storedRowCount: rows.length, rowCount: rows.length, priceMicro: 1, headers, mapping: TEST_JOB_MAPPING },
    rows,
  );
  let written = '';
  const out = new Writable({
    write(chunk, _encoding, done) {
      written += String(chunk);
      done();
    },
  });
  await writeEnrichedCsv(handle.db, job, out, { fileColumns: true });
  const expected = await referenceCsv(job.id, headers);
  assert.equal(written.slice(0, written.indexOf('\r\n')), expected.slice(0, expected.indexOf('\r\n')), 'the header');
  assert.ok(written.includes('late_key.nested.0'), 'a column first seen late in the file is in the header');
  assert.ok(written.includes('extra.10') && written.includes('x.y'), 'the awkward keys are in the header');
  assert.equal(written, expected);
});
