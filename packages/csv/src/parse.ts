import { chooseDelimiter, looksSingleColumn, type CsvDelimiter } from './delimiter.ts';
import { CsvRejection, lineAt } from './errors.ts';
import { findHeaderIndex } from './header-row.ts';
import { cleanHeaders } from './headers.ts';
import { DEFAULT_CSV_LIMITS, type CsvLimits } from './limits.ts';
import { CsvRecordReader, isBlankRecord } from './tokenize.ts';

/** A parsed upload: cleaned headers and data rows. */
export interface ParsedCsv {
  /** `none`: a one-column file, every line read as a single field. */
  delimiter: CsvDelimiter | 'none';
  /** Unique, trimmed header names; blank ones become `column_<n>`, repeats get ` (2)`. */
  headers: string[];
  /** Header cells exactly as in the file. */
  rawHeaders: string[];
  /**
   * Data rows as in the file, blank lines dropped. Never padded (a short row reads as blanks) and
   * never cut: a row wider than the header keeps every cell and is listed in `wideRows`; only
   * blank cells past the header's width (a trailing delimiter) are dropped, as they hold nothing.
   */
  rows: string[][];
  /** Indexes into `rows` of rows with non-blank cells past the header's width. */
  wideRows: number[];
  /** Junk lines (Excel's `sep=` line, report titles, blank lines) skipped before the header row. */
  preambleLines: number;
}

/** Options of {@link parseCsv}. */
export interface ParseCsvOptions {
  /** Skips detection when the caller already knows the delimiter. */
  delimiter?: string;
  /** Enforced while reading; defaults {@link DEFAULT_CSV_LIMITS}. */
  limits?: Partial<CsvLimits>;
}

// Excel writes `sep=;` as the first line to name the delimiter; some tools quote it.
const SEP_LINE = /^"?sep=([,;\t|])"?[ \t]*(?:\r\n|\n|\r|$)/i;
const HEADER_SEARCH_RECORDS = 50;
// Fields read between two checks of the clock (a field costs tens of nanoseconds), counted in
// fields rather than records so 2,000-column records step as often as short ones.
const FIELDS_PER_STEP = 16_384;

/**
 * Parses CSV text (RFC 4180, any line ending) into headers and rows, detecting the delimiter and
 * skipping preamble lines before the header. Limits are checked record by record while reading.
 * Throws {@link CsvRejection}: `empty_file`, `no_header`, `unterminated_quote`, `too_many_rows`,
 * `too_many_columns`, `field_too_large`.
 */
export function parseCsv(text: string, opts: ParseCsvOptions = {}): ParsedCsv {
  const steps = parseSteps(text, opts);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * {@link parseCsv} that hands the event loop back every `sliceMs` of work, so a server answers
 * other requests while a large or hostile upload is read.
 */
export async function parseCsvYielding(text: string, opts: ParseCsvOptions = {}, sliceMs = 10): Promise<ParsedCsv> {
  const steps = parseSteps(text, opts);
  let deadline = performance.now() + sliceMs;
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() >= deadline) {
      await new Promise((resolve) => setImmediate(resolve));
      deadline = performance.now() + sliceMs;
    }
  }
}

function* parseSteps(text: string, opts: ParseCsvOptions): Generator<void, ParsedCsv> {
  const limits = { ...DEFAULT_CSV_LIMITS, ...opts.limits };
  const sepLine = opts.delimiter === undefined ? SEP_LINE.exec(text) : null;
  const body = sepLine ? text.slice(sepLine[0].length) : text;
  const delimiter = toDelimiter(opts.delimiter) ?? toDelimiter(sepLine?.[1]) ?? detect(body);
  const reader = new CsvRecordReader(body, delimiter === 'none' ? '' : delimiter, {
    strict: true,
    maxColumns: limits.maxColumns,
    maxFieldChars: limits.maxFieldChars,
    lineOffset: sepLine ? 1 : 0,
  });
  const head: string[][] = [];
  const headStarts: number[] = [];
  let sinceStep = 0;
  for (let record = reader.next(); record !== null; record = head.length < HEADER_SEARCH_RECORDS ? reader.next() : null) {
    head.push(record);
    headStarts.push(reader.recordStart);
    sinceStep += record.length;
    if (sinceStep >= FIELDS_PER_STEP) {
      sinceStep = 0;
      yield;
    }
  }
  const headerIndex = findHeaderIndex(head);
  const rawHeaders = head[headerIndex] ?? [];
  const width = rawHeaders.length;
  const rows: string[][] = [];
  const wideRows: number[] = [];
  const add = (record: string[], start: number) => {
    if (isBlankRecord(record)) return;
    if (record.length > width) {
      let used = record.length;
      while (used > width && record[used - 1]!.trim() === '') used -= 1;
      record.length = used;
      if (used > width) wideRows.push(rows.length);
    }
    rows.push(record);
    if (rows.length > limits.maxRows) {
      throw new CsvRejection(
        'too_many_rows',
        `The file has more than ${limits.maxRows} data rows; at most ${limits.maxRows} are accepted per file. Split it into smaller files.`,
        lineAt(body, start) + (sepLine ? 1 : 0),
      );
    }
  };
  for (let r = headerIndex + 1; r < head.length; r += 1) add(head[r]!, headStarts[r]!);
  for (let record = reader.next(); record !== null; record = reader.next()) {
    add(record, reader.recordStart);
    sinceStep += record.length;
    if (sinceStep >= FIELDS_PER_STEP) {
      sinceStep = 0;
      yield;
    }
  }
  return { delimiter, headers: cleanHeaders(rawHeaders), rawHeaders, rows, wideRows, preambleLines: headerIndex + (sepLine ? 1 : 0) };
}

function detect(text: string): CsvDelimiter | 'none' {
  const { delimiter, score } = chooseDelimiter(text);
  return score !== null && looksSingleColumn(text, delimiter) ? 'none' : delimiter;
}

function toDelimiter(value: string | undefined): CsvDelimiter | undefined {
  if (value === undefined) return undefined;
  if (value === ',' || value === '\t' || value === ';' || value === '|') return value;
  throw new TypeError(`Unsupported CSV delimiter ${JSON.stringify(value)}; use one of , tab ; |`);
}

