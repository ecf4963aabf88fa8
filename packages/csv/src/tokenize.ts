import { CsvRejection, lineAt } from './errors.ts';

const QUOTE = 34; // "
const LF = 10;
const CR = 13;

/** Outcome of {@link tokenizeCsv}; `complete` is false when it stopped at `maxRecords`. */
export interface TokenizedCsv {
  records: string[][];
  complete: boolean;
}

/** How strictly a {@link CsvRecordReader} reads. */
export interface TokenizeOptions {
  /**
   * Refuse with {@link CsvRejection} what lenient reading would turn into silent data loss:
   * a quote that never closes (it would swallow the rest of the file into one cell), a quoted
   * field spanning lines with stray text after its close (a quote closed by another row's quote),
   * a field over `maxFieldChars`, a record over `maxColumns`. Off for sniffing samples, where a
   * wrong candidate delimiter may open "quotes" that mean nothing.
   */
  strict?: boolean;
  maxColumns?: number;
  maxFieldChars?: number;
  /** Lines before this text in the file (e.g. a `sep=` line cut off), so errors name the file's line. */
  lineOffset?: number;
}

/**
 * RFC 4180 record reader, one record per {@link next} call so callers can enforce limits and
 * yield to the event loop between records. Quoted fields with embedded delimiters, doubled quotes
 * and CR/LF; records ended by CRLF, LF or CR (mixed endings in one file are fine). Lenient where
 * files in the wild are not RFC-clean: a quote inside an unquoted field is literal and text after
 * a closing quote is kept. An empty delimiter reads every line as one field (single-column files
 * whose values hold commas). Blank lines come back as `['']` so the caller decides what "blank" means.
 */
export class CsvRecordReader {
  private position = 0;
  private finished: boolean;
  private readonly delim: number;
  private readonly strict: boolean;
  private readonly maxColumns: number;
  private readonly maxFieldChars: number;
  private readonly lineOffset: number;
  /** Offset where the last returned record started. */
  recordStart = 0;

  constructor(
    private readonly text: string,
    delimiter: string,
    options: TokenizeOptions = {},
  ) {
    this.delim = delimiter === '' ? -1 : delimiter.charCodeAt(0);
    this.finished = text.length === 0;
    this.strict = options.strict ?? false;
    this.maxColumns = this.strict ? (options.maxColumns ?? Infinity) : Infinity;
    this.maxFieldChars = this.strict ? (options.maxFieldChars ?? Infinity) : Infinity;
    this.lineOffset = options.lineOffset ?? 0;
  }

  /** True once the last record was returned. */
  done(): boolean {
    return this.finished;
  }

  /** Character offset the reader has reached. */
  offset(): number {
    return this.position;
  }

  next(): string[] | null {
    if (this.finished) return null;
    const { text, delim } = this;
    const length = text.length;
    const record: string[] = [];
    let i = this.position;
    this.recordStart = i;
    for (;;) {
      const fieldStart = i;
      let value: string;
      if (text.charCodeAt(i) === QUOTE) {
        // Quoted field: jump between quotes with indexOf (far faster than a char loop), stepping over
        // doubled quotes, then unescape them in one native pass over the slice.
        let close = text.indexOf('"', i + 1);
        let doubled = false;
        while (close !== -1 && text.charCodeAt(close + 1) === QUOTE) {
          doubled = true;
          close = text.indexOf('"', close + 2);
          // Unescaped, the field is at least half its raw span: a million doubled quotes stop here.
          if (close - fieldStart > 2 * this.maxFieldChars + 2) throw fieldTooLarge(this.lineAt(fieldStart), this.maxFieldChars);
        }
        if (close === -1) {
          if (this.strict) throw unterminated(this.lineAt(fieldStart));
          close = length;
        }
        value = text.slice(i + 1, close);
        if (doubled) value = value.replaceAll('""', '"');
        i = Math.min(close + 1, length);
        // Stray text between the closing quote and the next delimiter is kept, not dropped.
        const tailStart = i;
        while (i < length) {
          const c = text.charCodeAt(i);
          if (c === delim || c === LF || c === CR) break;
          i += 1;
        }
        if (i > tailStart) {
          if (this.strict && (value.includes('\n') || value.includes('\r'))) throw unterminated(this.lineAt(fieldStart));
          value += text.slice(tailStart, i);
        }
      } else {
        while (i < length) {
          const c = text.charCodeAt(i);
          if (c === delim || c === LF || c === CR) break;
          i += 1;
        }
        value = text.slice(fieldStart, i);
      }
      if (value.length > this.maxFieldChars) throw fieldTooLarge(this.lineAt(fieldStart), this.maxFieldChars);
      record.push(value);
      if (record.length > this.maxColumns) throw tooManyColumns(this.lineAt(this.recordStart), this.maxColumns);

      if (i >= length) {
        this.finished = true;
        break;
      }
      const c = text.charCodeAt(i);
      i += 1;
      if (c === delim) {
        // A delimiter as the very last character still ends with an empty field.
        if (i >= length) {
          record.push('');
          this.finished = true;
          break;
        }
        continue;
      }
      if (c === CR && text.charCodeAt(i) === LF) i += 1;
      // A final line ending must not produce a phantom empty record.
      if (i >= length) this.finished = true;
      break;
    }
    this.position = i;
    return record;
  }

  private lineAt(offset: number): number {
    return lineAt(this.text, offset) + this.lineOffset;
  }
}

/** Tokenizes the whole text leniently (see {@link CsvRecordReader}), up to `maxRecords` records. */
export function tokenizeCsv(text: string, delimiter: string, maxRecords = Infinity): TokenizedCsv {
  const reader = new CsvRecordReader(text, delimiter);
  const records: string[][] = [];
  for (let record = reader.next(); record !== null; record = reader.next()) {
    records.push(record);
    if (records.length >= maxRecords) return { records, complete: reader.done() };
  }
  return { records, complete: true };
}

/** True for a record with no content, e.g. a blank line or Excel's trailing `,,,,` rows. */
export function isBlankRecord(record: readonly string[]): boolean {
  for (const cell of record) if (cell.trim() !== '') return false;
  return true;
}

function unterminated(line: number): CsvRejection {
  return new CsvRejection(
    'unterminated_quote',
    `Line ${line}: a field opens a quote (") that is never closed where it should be, so the lines after it would be ` +
      'read as one cell and their leads lost. Close or remove that quote in the file (or re-export it from your ' +
      'spreadsheet, which quotes fields correctly) and upload again.',
    line,
  );
}

function fieldTooLarge(line: number, max: number): CsvRejection {
  return new CsvRejection(
    'field_too_large',
    `Line ${line}: one field is longer than ${max} characters (a spreadsheet cell holds at most 32,767). ` +
      'This is not a lead export, or a cell holds a whole document; shorten that cell and upload again.',
    line,
  );
}

function tooManyColumns(line: number, max: number): CsvRejection {
  return new CsvRejection(
    'too_many_columns',
    `Line ${line} has more than ${max} fields; a lead file has tens of columns. Check that the file is a lead ` +
      'export with one record per line, remove unused columns, and upload again.',
    line,
  );
}
