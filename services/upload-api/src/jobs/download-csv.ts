import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { ColumnUnion, cleanHeaders, csvLine, flattenObject } from '@bej/csv';
import { microToUsd, rowsPage, widestRowCells, type Executor, type JobRecord } from '@bej/db';
import { orderResultGraph } from '@bej/leads';

const PAGE = 500;
const FIXED_COLUMNS = ['row_index', 'enrich_status', 'enrich_matched', 'enrich_spent_usd'];
/** Added by `dedupe` (README "Billing", no paying twice); last, so the contract's leading columns keep their places. */
const TRAILING_COLUMNS = ['enrich_reused'];

type OutputRow = Awaited<ReturnType<typeof rowsPage<'output'>>>[number];

const graphOf = (row: OutputRow) => orderResultGraph((row.result ?? { input: row.input }) as Record<string, unknown>);
const flatten = (row: OutputRow) => flattenObject(graphOf(row), { omitKeys: ['tool_trace'] });

async function* pages<S extends 'output' | 'outputWithCells'>(db: Executor, jobId: string, shape: S) {
  let after = -1;
  for (;;) {
    const page = await rowsPage(db, jobId, after, PAGE, shape);
    if (page.length === 0) return;
    yield page;
    after = page[page.length - 1]!.rowIndex;
  }
}

/**
 * Two keyset passes over the rows: the first learns the column union, the second writes.
 * Only one page is in memory at a time, whatever the file size; writes wait for drain.
 * After the graph columns come the uploaded file's own cells as `file.<header>`, in file
 * order, so the result re-imports row for row (headless batches have no file, so none).
 */
export async function writeEnrichedCsv(db: Executor, job: JobRecord, out: Writable, opts: { fileColumns: boolean }): Promise<void> {
  const fileHeaders = opts.fileColumns ? await fileColumnNames(db, job) : [];
  const union = new ColumnUnion();
  for await (const page of pages(db, job.id, 'output')) for (const row of page) union.add(flatten(row));
  await write(out, csvLine([...FIXED_COLUMNS, ...union.columns, ...fileHeaders.map((h) => `file.${h}`), ...TRAILING_COLUMNS]));
  for await (const page of pages(db, job.id, fileHeaders.length > 0 ? 'outputWithCells' : 'output')) {
    let chunk = '';
    for (const row of page) {
      const cells = fileHeaders.length > 0 ? fileHeaders.map((_, i) => (row as { cells: string[] }).cells[i] ?? '') : [];
      chunk += csvLine([row.rowIndex, row.status, row.matched === true, microToUsd(row.spentMicro), ...union.align(flatten(row)), ...cells, row.reused]);
    }
    await write(out, chunk);
  }
}

/**
 * The file's headers, then a name for every cell past them: a row wider than its header is
 * stored whole (and invalid), and re-importing must not lose its extra cells.
 */
async function fileColumnNames(db: Executor, job: JobRecord): Promise<string[]> {
  if (job.headers.length === 0) return [];
  const extra = Math.max(0, (await widestRowCells(db, job.id)) - job.headers.length);
  return extra === 0 ? job.headers : cleanHeaders([...job.headers, ...Array.from({ length: extra }, () => '')]);
}

async function write(out: Writable, chunk: string): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}
