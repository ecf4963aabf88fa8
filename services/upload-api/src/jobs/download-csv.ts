import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { ColumnUnion, csvLine, flattenObject } from '@bej/csv';
import { microToUsd, rowsPage, type Executor } from '@bej/db';
import { orderResultGraph } from '@bej/leads';

const PAGE = 500;
const FIXED_COLUMNS = ['row_index', 'enrich_status', 'enrich_matched', 'enrich_spent_usd'];
/** Added by `dedupe` (CONTRACT section 10); last, so the contract's leading columns keep their places. */
const TRAILING_COLUMNS = ['enrich_reused'];

const graphOf = (row: OutputRow) => orderResultGraph((row.result ?? { input: row.input }) as Record<string, unknown>);
const flatten = (row: OutputRow) => flattenObject(graphOf(row), { omitKeys: ['tool_trace'] });

type OutputRow = Awaited<ReturnType<typeof rowsPage<'output'>>>[number];

async function* pages(db: Executor, jobId: string): AsyncGenerator<OutputRow[]> {
  let after = -1;
  for (;;) {
    const page = await rowsPage(db, jobId, after, PAGE, 'output');
    if (page.length === 0) return;
    yield page;
    after = page[page.length - 1]!.rowIndex;
  }
}

/**
 * Two keyset passes over the rows: the first learns the column union, the second writes.
 * Only one page is in memory at a time, whatever the file size; writes wait for drain.
 */
export async function writeEnrichedCsv(db: Executor, jobId: string, out: Writable): Promise<void> {
  const union = new ColumnUnion();
  for await (const page of pages(db, jobId)) for (const row of page) union.add(flatten(row));
  await write(out, csvLine([...FIXED_COLUMNS, ...union.columns, ...TRAILING_COLUMNS]));
  for await (const page of pages(db, jobId)) {
    let chunk = '';
    for (const row of page) {
      chunk += csvLine([row.rowIndex, row.status, row.matched === true, microToUsd(row.spentMicro), ...union.align(flatten(row)), row.reused]);
    }
    await write(out, chunk);
  }
}

async function write(out: Writable, chunk: string): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}
