import { sql } from 'drizzle-orm';
import type { Executor } from './client.ts';

/**
 * What the download's first pass reads of each row: the document it will flatten (the result, or
 * `{input}` before one exists) as jsonb text with the top-level `tool_trace` left out (the download
 * never shows it), and how many cells the row has.
 */
export interface DownloadShapeRow {
  rowIndex: number;
  documentText: string;
  cellCount: number;
}

/** What the download writes of each row; `documentText` as in {@link DownloadShapeRow}. */
export interface DownloadRow {
  rowIndex: number;
  status: string;
  matched: boolean | null;
  spentMicro: number;
  reused: boolean;
  documentText: string;
  cells: string[] | null;
}

const DOCUMENT = sql`(coalesce(result, jsonb_build_object('input', input)) - 'tool_trace')`;

/** The job's highest row index (-1 without rows): one step down the primary key. */
export async function lastRowIndex(db: Executor, jobId: string): Promise<number> {
  const result = await db.execute<{ last: number | null }>(sql`select max(row_index) as last from batch_enrich_row where job_id = ${jobId}`);
  return result.rows[0]?.last ?? -1;
}

// Pages are ranges of row_index, not `> last … limit n`: a range is one primary-key index range
// scan whatever the planner believes about the job's size, and each row is read once. With
// `limit`, stale statistics (right after a run updated every row) made PostgreSQL scan and sort
// every remaining row for each page, evaluating the document of each.
const inPage = (jobId: string, from: number, to: number) => sql`job_id = ${jobId} and row_index >= ${from} and row_index < ${to}`;

/** The first pass's rows with `from <= row_index < to`, in order. */
export async function downloadShapePage(db: Executor, jobId: string, from: number, to: number): Promise<DownloadShapeRow[]> {
  const result = await db.execute<{ row_index: number; document_text: string; cell_count: number }>(sql`
    select row_index, ${DOCUMENT}::text as document_text, jsonb_array_length(cells) as cell_count
    from batch_enrich_row where ${inPage(jobId, from, to)} order by row_index`);
  return result.rows.map((r) => ({ rowIndex: r.row_index, documentText: r.document_text, cellCount: r.cell_count }));
}

/** The second pass's rows with `from <= row_index < to`, in order; the cells only when the download shows them. */
export async function downloadRowsPage(db: Executor, jobId: string, from: number, to: number, withCells: boolean): Promise<DownloadRow[]> {
  const result = await db.execute<{
    row_index: number;
    status: string;
    matched: boolean | null;
    spent_micro: number;
    reused: boolean;
    document_text: string;
    cells: string[] | null;
  }>(sql`
    select row_index, status, matched, spent_micro, reused, ${DOCUMENT}::text as document_text, ${withCells ? sql`cells` : sql`null::jsonb`} as cells
    from batch_enrich_row where ${inPage(jobId, from, to)} order by row_index`);
  return result.rows.map((r) => ({
    rowIndex: r.row_index,
    status: r.status,
    matched: r.matched,
    spentMicro: Number(r.spent_micro),
    reused: r.reused,
    documentText: r.document_text,
    cells: r.cells,
  }));
}
