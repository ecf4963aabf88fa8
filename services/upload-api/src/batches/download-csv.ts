import { createHash } from 'node:crypto';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { ColumnUnion, cleanHeaders, csvLine, flattenObject, type FlatValue } from '@bej/csv';
import { downloadRowsPage, downloadShapePage, lastRowIndex, microToUsd, type Executor, type BatchRecord } from '@bej/db';
import { orderResultGraph } from '@bej/leads';
import { documentStructure, leafValue, markLeaves, scanDocument } from './document-scan.ts';

const PAGE = 1000;
const FIXED_COLUMNS = ['row_index', 'enrich_status', 'enrich_matched', 'enrich_spent_usd'];
/** Added by `dedupe` (README "Billing", no paying twice); last, so the contract's leading columns keep their places. */
const TRAILING_COLUMNS = ['enrich_reused'];
// Bytes of CSV gathered before one write to the response.
const WRITE_BYTES = 64 * 1024;

const flatten = (document: Record<string, unknown>) => flattenObject(orderResultGraph(document), { omitKeys: ['tool_trace'] });

// Structures are remembered as they are up to this many characters in all, then by digest:
// memory stays small even when every row has a structure of its own.
const PLAIN_STRUCTURE_CHARS = 1_000_000;

/** The distinct structures met so far. */
class StructureSet {
  private readonly seen = new Set<string>();
  private plainChars = 0;

  /** True the first time a structure is met. */
  add(structure: string): boolean {
    if (this.seen.has(structure)) return false;
    if (this.plainChars + structure.length <= PLAIN_STRUCTURE_CHARS) {
      this.plainChars += structure.length;
      this.seen.add(structure);
      return true;
    }
    // Digests start with `#`, which no structure does (a document is an object: it starts with `{`).
    const digest = `#${createHash('sha256').update(structure).digest('base64')}`;
    if (this.seen.has(digest)) return false;
    this.seen.add(digest);
    return true;
  }
}

// Column plans are remembered for this many structures; a file with more plans the rest per row.
const MAX_PLANS = 1_000;
// Leaves are marked with this and their index to learn where flattening puts them.
const LEAF_MARKER = 'leaf:';

/**
 * Where each column's value sits among a document's leaves (text order), -1 where the document
 * has none: learnt once per structure by flattening the document with every leaf replaced by a
 * marker, so the plan is whatever flattening and column alignment do (later duplicates of a
 * column name win, as in {@link ColumnUnion.align}).
 */
function columnPlan(text: string, scanned: ReturnType<typeof scanDocument>, columnIndex: Map<string, number>): Int32Array {
  const marked = JSON.parse(markLeaves(text, scanned, LEAF_MARKER)) as Record<string, unknown>;
  const plan = new Int32Array(columnIndex.size).fill(-1);
  for (const [column, value] of new Map(flatten(marked))) {
    const at = columnIndex.get(column);
    if (at !== undefined) plan[at] = Number((value as string).slice(LEAF_MARKER.length));
  }
  return plan;
}

/** The document's values in the union's columns, as `union.align(flatten(document))` gives them. */
function alignedValues(text: string, plans: Map<string, Int32Array>, columnIndex: Map<string, number>): FlatValue[] {
  const scanned = scanDocument(text, true);
  let plan = plans.get(scanned.structure);
  if (plan === undefined) {
    plan = columnPlan(text, scanned, columnIndex);
    if (plans.size < MAX_PLANS) plans.set(scanned.structure, plan);
  }
  const values = new Array<FlatValue>(plan.length);
  for (let k = 0; k < plan.length; k += 1) {
    const leaf = plan[k]!;
    values[k] = leaf === -1 ? null : leafValue(text, scanned.leafStarts[leaf]!, scanned.leafEnds[leaf]!);
  }
  return values;
}

/**
 * Two passes over the rows, a page of row indexes at a time: the first learns the column union and the widest row, the
 * second writes. The first flattens one row per distinct document structure only (rows of one
 * structure give the same columns), so it costs little more than reading the rows. Only one page
 * is in memory at a time, whatever the file size; writes wait for drain. After the graph columns
 * come the uploaded file's own cells as `file.<header>`, in file order, so the result re-imports
 * row for row (headless batches have no file, so none).
 */
export async function writeEnrichedCsv(db: Executor, job: BatchRecord, out: Writable, opts: { fileColumns: boolean }): Promise<void> {
  const union = new ColumnUnion();
  const structures = new StructureSet();
  let widest = 0;
  const last = await lastRowIndex(db, job.id);
  for (let from = 0; from <= last; from += PAGE) {
    for (const row of await downloadShapePage(db, job.id, from, from + PAGE)) {
      widest = Math.max(widest, row.cellCount);
      if (!structures.add(documentStructure(row.documentText))) continue;
      union.add(flatten(JSON.parse(row.documentText) as Record<string, unknown>));
    }
  }
  const fileHeaders = opts.fileColumns ? fileColumnNames(job, widest) : [];
  await write(out, csvLine([...FIXED_COLUMNS, ...union.columns, ...fileHeaders.map((h) => `file.${h}`), ...TRAILING_COLUMNS]));
  const columns = union.columns;
  const columnIndex = new Map(columns.map((column, at) => [column, at]));
  const plans = new Map<string, Int32Array>();
  let chunk = '';
  // Rows finished after the first pass read them may have columns it did not see: they are
  // written in the header's columns, as before (the header is what the file promises).
  for (let from = 0; from <= last; from += PAGE) {
    for (const row of await downloadRowsPage(db, job.id, from, from + PAGE, fileHeaders.length > 0)) {
      const cells = row.cells === null ? [] : fileHeaders.map((_, i) => row.cells![i] ?? '');
      chunk += csvLine([row.rowIndex, row.status, row.matched === true, microToUsd(row.spentMicro), ...alignedValues(row.documentText, plans, columnIndex), ...cells, row.reused]);
      if (chunk.length >= WRITE_BYTES) {
        await write(out, chunk);
        chunk = '';
      }
    }
  }
  if (chunk !== '') await write(out, chunk);
}

/**
 * The file's headers, then a name for every cell past them: a row wider than its header is
 * stored whole (and invalid), and re-importing must not lose its extra cells.
 */
function fileColumnNames(job: BatchRecord, widestRow: number): string[] {
  if (job.headers.length === 0) return [];
  const extra = Math.max(0, widestRow - job.headers.length);
  return extra === 0 ? job.headers : cleanHeaders([...job.headers, ...Array.from({ length: extra }, () => '')]);
}

async function write(out: Writable, chunk: string): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}
