import { createHash } from 'node:crypto';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { ColumnUnion, cleanHeaders, csvLine, flattenObject } from '@bej/csv';
import { downloadRowsPage, downloadShapePage, lastRowIndex, microToUsd, type Executor, type JobRecord } from '@bej/db';
import { orderResultGraph } from '@bej/leads';

const PAGE = 1000;
const FIXED_COLUMNS = ['row_index', 'enrich_status', 'enrich_matched', 'enrich_spent_usd'];
/** Added by `dedupe` (CONTRACT section 10); last, so the contract's leading columns keep their places. */
const TRAILING_COLUMNS = ['enrich_reused'];
// Bytes of CSV gathered before one write to the response.
const WRITE_BYTES = 64 * 1024;

const flatten = (document: Record<string, unknown>) => flattenObject(orderResultGraph(document), { omitKeys: ['tool_trace'] });

const QUOTE = 34;
const BACKSLASH = 92;
const COLON = 58;
const SPACE = 32;
const STRUCTURAL = new Set([123, 125, 91, 93, 44]); // { } [ ] ,

/**
 * The structure of a document given as JSON text (PostgreSQL's jsonb output): its keys, brackets
 * and commas as they are, and a `0` for every leaf value (string, number, true, false, null).
 * Two documents with one structure flatten to the same columns in the same order: flattening and
 * ordering depend on keys, nesting and array lengths, never on leaf values. A scan of the text,
 * about as costly as reading it (much cheaper than parsing it).
 */
export function documentStructure(text: string): string {
  let out = '';
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      let j = i + 1;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === BACKSLASH) j += 2;
        else if (d === QUOTE) break;
        else j += 1;
      }
      // A key is followed by its colon: kept whole. A string value is a leaf.
      if (text.charCodeAt(j + 1) === COLON) {
        out += text.slice(i, j + 2);
        i = j + 2;
      } else {
        out += '0';
        i = j + 1;
      }
    } else if (STRUCTURAL.has(c)) {
      out += text[i];
      i += 1;
    } else if (c === SPACE || c === COLON) {
      i += 1;
    } else {
      // A number, true, false or null: a leaf up to the next separator.
      let j = i + 1;
      while (j < n && !STRUCTURAL.has(text.charCodeAt(j)) && text.charCodeAt(j) !== SPACE) j += 1;
      out += '0';
      i = j;
    }
  }
  return out;
}

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

/**
 * Two passes over the rows, a page of row indexes at a time: the first learns the column union and the widest row, the
 * second writes. The first flattens one row per distinct document structure only (rows of one
 * structure give the same columns), so it costs little more than reading the rows. Only one page
 * is in memory at a time, whatever the file size; writes wait for drain. After the graph columns
 * come the uploaded file's own cells as `file.<header>`, in file order, so the result re-imports
 * row for row (headless batches have no file, so none).
 */
export async function writeEnrichedCsv(db: Executor, job: JobRecord, out: Writable, opts: { fileColumns: boolean }): Promise<void> {
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
  let chunk = '';
  // Rows finished after the first pass read them may have columns it did not see: they are
  // written in the header's columns, as before (the header is what the file promises).
  for (let from = 0; from <= last; from += PAGE) {
    for (const row of await downloadRowsPage(db, job.id, from, from + PAGE, fileHeaders.length > 0)) {
      const cells = row.cells === null ? [] : fileHeaders.map((_, i) => row.cells![i] ?? '');
      chunk += csvLine([row.rowIndex, row.status, row.matched === true, microToUsd(row.spentMicro), ...union.align(flatten(row.document)), ...cells, row.reused]);
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
function fileColumnNames(job: JobRecord, widestRow: number): string[] {
  if (job.headers.length === 0) return [];
  const extra = Math.max(0, widestRow - job.headers.length);
  return extra === 0 ? job.headers : cleanHeaders([...job.headers, ...Array.from({ length: extra }, () => '')]);
}

async function write(out: Writable, chunk: string): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}
