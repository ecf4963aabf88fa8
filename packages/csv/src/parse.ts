import { detectDelimiter, dominantFieldCount, type CsvDelimiter } from './delimiter.ts';
import { CsvRejection } from './errors.ts';
import { cleanHeaders } from './headers.ts';
import { isBlankRecord, tokenizeCsv } from './tokenize.ts';

/** A parsed upload: cleaned headers and data rows aligned to them. */
export interface ParsedCsv {
  delimiter: CsvDelimiter;
  /** Unique, trimmed header names; blank ones become `column_<n>`, repeats get ` (2)`. */
  headers: string[];
  /** Header cells exactly as in the file. */
  rawHeaders: string[];
  /** Data rows, each padded or truncated to `headers.length`; blank lines dropped. */
  rows: string[][];
  /** Junk lines (report titles, blank lines) skipped before the header row. */
  preambleLines: number;
}

/** Options of {@link parseCsv}. */
export interface ParseCsvOptions {
  /** Skips detection when the caller already knows the delimiter. */
  delimiter?: string;
}

// Preamble lines sit at the top; a header further down than this is not a header.
const HEADER_SEARCH_RECORDS = 50;
const NUMERIC = /^[-+]?[\d\s.,%$€£]*\d[\d\s.,%$€£]*$/;

/**
 * Parses CSV text (RFC 4180, any line ending) into headers and rows, detecting the delimiter
 * and skipping preamble lines before the header. Throws {@link CsvRejection} `empty_file` when
 * there is no content and `no_header` when no row in the first 50 looks like a header.
 */
export function parseCsv(text: string, opts: ParseCsvOptions = {}): ParsedCsv {
  const delimiter = toDelimiter(opts.delimiter) ?? detectDelimiter(text);
  const { records } = tokenizeCsv(text, delimiter);
  const headerIndex = findHeaderIndex(records);
  const headerRecord = records[headerIndex] ?? [];
  const width = headerRecord.length;
  const rows: string[][] = [];
  for (let r = headerIndex + 1; r < records.length; r += 1) {
    const record = records[r] ?? [];
    if (isBlankRecord(record)) continue;
    if (record.length > width) record.length = width;
    while (record.length < width) record.push('');
    rows.push(record);
  }
  return { delimiter, headers: cleanHeaders(headerRecord), rawHeaders: headerRecord, rows, preambleLines: headerIndex };
}

/**
 * Index of the header: the first record with the file's dominant field count that looks like
 * a header. Every record before it (titles, blank lines) is preamble. Counted in records,
 * which equal physical lines because preamble lines do not hold multi-line quoted fields.
 */
function findHeaderIndex(records: readonly string[][]): number {
  const head = records.slice(0, HEADER_SEARCH_RECORDS);
  const nonBlank = head.filter((record) => !isBlankRecord(record));
  if (nonBlank.length === 0) {
    throw new CsvRejection('empty_file', 'The file has no content. Check that you exported the right file and upload it again.');
  }
  const { fieldCount } = dominantFieldCount(nonBlank);
  const index = head.findIndex((record) => record.length === fieldCount && looksLikeHeader(record));
  if (index === -1) {
    throw new CsvRejection(
      'no_header',
      'No header row was found in the first 50 lines: every row looks like data (mostly numbers or blank cells). ' +
        'Add a first row naming each column (for example Company, Phone, Website) and upload again.',
    );
  }
  return index;
}

/** Mostly filled, mostly non-numeric cells: column names rather than data or a totals line. */
function looksLikeHeader(record: readonly string[]): boolean {
  const filled = record.map((cell) => cell.trim()).filter((cell) => cell !== '');
  if (filled.length === 0 || filled.length * 2 < record.length) return false;
  const numeric = filled.filter((cell) => NUMERIC.test(cell)).length;
  return numeric * 2 < filled.length;
}

function toDelimiter(value: string | undefined): CsvDelimiter | undefined {
  if (value === undefined) return undefined;
  if (value === ',' || value === '\t' || value === ';' || value === '|') return value;
  throw new TypeError(`Unsupported CSV delimiter ${JSON.stringify(value)}; use one of , tab ; |`);
}
