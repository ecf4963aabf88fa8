import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'drizzle-orm';
import { insertBatchWithRows, type NewBatch, type NewRow } from './batches.repository.ts';
import { copyTextRow, insertBatchCopyingRows } from './row-copy.repository.ts';
import { useTestDatabase } from './test-support/test-database.ts';
import { TEST_JOB_MAPPING, testLead } from './test-support/test-job-mapping.ts';

const handle = useTestDatabase('row_copy', 4);

// Values COPY's text format must carry through untouched: its own delimiter, escapes and null marker.
const AWKWARD = [
  'tab\there', 'line\nbreak', 'carriage\rreturn', 'crlf\r\nend', 'back\\slash', '\\N', '\\.', 'say "hi"', "it's",
  '\\t not a tab', 'trailing backslash \\', '', ' ', 'é ü ß 漢字 🙂', '=1+2', 'a,b;c|d', '\u0001\u001f control',
];

function job(rows: number): NewBatch {
  return { fileRowCount: rows, storedRowCount: rows, rowCount: 0, priceMicro: 1, headers: ['a', 'b'], mapping: TEST_JOB_MAPPING };
}

function rows(): NewRow[] {
  return AWKWARD.map((value, rowIndex) => {
    const input = testLead({ company: value, street: rowIndex % 2 === 0 ? null : value, contact_id: `h_${rowIndex}` });
    return {
      rowIndex,
      cells: [value, `${value}|${rowIndex}`],
      input,
      searchVariants: rowIndex % 3 === 0 ? [] : [{ kind: 'phone', header: 'b', value }],
      chatTitle: rowIndex % 4 === 0 ? null : value,
      status: rowIndex % 5 === 0 ? 'invalid' : 'pending',
      // Mostly the upload's `{input}` (its text reused), sometimes another document or none.
      result: rowIndex % 6 === 0 ? null : rowIndex % 7 === 0 ? { input, note: value } : { input },
      error: rowIndex % 5 === 0 ? `too_many_fields: ${value}` : null,
    };
  });
}

async function storedRows(jobId: string) {
  const result = await handle.db.execute(sql`
    select row_index, cells, input, search_variants, chat_title, status, result, error, lead_key, matched, spent_micro, reused
    from batch_enrich_row where job_id = ${jobId} order by row_index`);
  return result.rows;
}

async function* slices<T>(items: T[], size: number): AsyncGenerator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

test('COPY stores exactly what the statement insert stores, awkward text included', async () => {
  const data = rows();
  const viaInsert = await insertBatchWithRows(handle.db, job(data.length), data);
  const viaCopy = await insertBatchCopyingRows(handle.db, job(data.length), slices(data, 5), () => ({ rowCount: 13 }));
  assert.equal(viaCopy.rowCount, 13, 'the counters known at the end are written');
  assert.equal(viaCopy.storedRowCount, data.length);
  const copied = await storedRows(viaCopy.id);
  assert.equal(copied.length, data.length);
  assert.deepEqual(copied, await storedRows(viaInsert.id));
  assert.deepEqual(
    copied.map((r) => (r.cells as string[])[0]),
    AWKWARD,
  );
});

test('a line of COPY text has one field per column and no raw line break', () => {
  for (const row of rows()) {
    const line = copyTextRow('00000000-0000-0000-0000-000000000000', row);
    assert.ok(line.endsWith('\n'));
    assert.equal(line.slice(0, -1).split('\t').length, 9, JSON.stringify(line));
    assert.ok(!/[\r\n]/.test(line.slice(0, -1)));
  }
});

async function jobCount(): Promise<number> {
  const result = await handle.db.execute<{ n: number }>(sql`select count(*)::int as n from batch_enrich_job`);
  return result.rows[0]!.n;
}

test('nothing is stored when the rows fail half-way, and the connection goes back to the pool usable', async () => {
  const before = await jobCount();
  async function* failing(): AsyncGenerator<NewRow[]> {
    yield rows().slice(0, 5);
    throw new Error('derivation broke');
  }
  await assert.rejects(insertBatchCopyingRows(handle.db, job(5), failing(), () => ({})), /derivation broke/);
  // A duplicate row index: PostgreSQL refuses the COPY itself.
  const twice = [...rows().slice(0, 3), rows()[1]!];
  await assert.rejects(insertBatchCopyingRows(handle.db, job(4), slices(twice, 2), () => ({})), /duplicate key/);
  assert.equal(await jobCount(), before, 'no job left behind');
  // Every connection of the pool (4) still works.
  const results = await Promise.all(Array.from({ length: 8 }, () => handle.db.execute(sql`select 1 as one`)));
  assert.equal(results.length, 8);
  const ok = await insertBatchCopyingRows(handle.db, job(3), slices(rows().slice(0, 3), 1), () => ({ rowCount: 3 }));
  assert.equal((await storedRows(ok.id)).length, 3);
});

test('a large COPY streams in many writes and keeps row order and count', async () => {
  const many: NewRow[] = Array.from({ length: 5000 }, (_, rowIndex) => ({
    rowIndex,
    cells: [`row ${rowIndex}`, 'x'.repeat(200)],
    input: testLead({ company: `Company ${rowIndex}` }),
    searchVariants: [],
    status: 'pending',
    result: null,
  }));
  const stored = await insertBatchCopyingRows(handle.db, job(many.length), slices(many, 300), () => ({ rowCount: many.length }));
  const counted = await handle.db.execute<{ n: number; first: string; last: string }>(sql`
    select count(*)::int as n, min(cells->>0) filter (where row_index = 0) as first, min(cells->>0) filter (where row_index = 4999) as last
    from batch_enrich_row where job_id = ${stored.id}`);
  assert.deepEqual(counted.rows[0], { n: 5000, first: 'row 0', last: 'row 4999' });
});
