const QUOTE = 34; // "
const LF = 10;
const CR = 13;

/** Outcome of {@link tokenizeCsv}; `complete` is false when it stopped at `maxRecords`. */
export interface TokenizedCsv {
  records: string[][];
  complete: boolean;
}

/**
 * RFC 4180 tokenizer: quoted fields with embedded delimiters, doubled quotes and CR/LF,
 * records ended by CRLF, LF or CR (mixed endings in one file are fine).
 * It is lenient where files in the wild are not RFC-clean: a quote inside an unquoted
 * field is literal, text after a closing quote is kept, and an unterminated quote runs to
 * the end of the text rather than failing the upload.
 * Blank lines come back as `['']` so the caller decides what "blank" means.
 */
export function tokenizeCsv(text: string, delimiter: string, maxRecords = Infinity): TokenizedCsv {
  const delim = delimiter.charCodeAt(0);
  const length = text.length;
  const records: string[][] = [];
  let record: string[] = [];
  let i = 0;
  if (length === 0) return { records, complete: true };

  while (i <= length) {
    let value: string;
    if (text.charCodeAt(i) === QUOTE) {
      // Quoted field: jump between quotes with indexOf, which is far faster than a char loop.
      let start = i + 1;
      value = '';
      for (;;) {
        const close = text.indexOf('"', start);
        if (close === -1) {
          value += text.slice(start);
          i = length;
          break;
        }
        value += text.slice(start, close);
        if (text.charCodeAt(close + 1) === QUOTE) {
          value += '"';
          start = close + 2;
          continue;
        }
        i = close + 1;
        break;
      }
      // Stray text between the closing quote and the next delimiter is kept, not dropped.
      const tailStart = i;
      while (i < length) {
        const c = text.charCodeAt(i);
        if (c === delim || c === LF || c === CR) break;
        i += 1;
      }
      if (i > tailStart) value += text.slice(tailStart, i);
    } else {
      const start = i;
      while (i < length) {
        const c = text.charCodeAt(i);
        if (c === delim || c === LF || c === CR) break;
        i += 1;
      }
      value = text.slice(start, i);
    }
    record.push(value);

    if (i >= length) {
      records.push(record);
      break;
    }
    const c = text.charCodeAt(i);
    i += 1;
    if (c === delim) continue;
    if (c === CR && text.charCodeAt(i) === LF) i += 1;
    records.push(record);
    record = [];
    if (records.length >= maxRecords) return { records, complete: i >= length };
    // A final line ending must not produce a phantom empty record.
    if (i >= length) break;
  }
  return { records, complete: true };
}

/** True for a record with no content, e.g. a blank line or Excel's trailing `,,,,` rows. */
export function isBlankRecord(record: readonly string[]): boolean {
  for (const cell of record) if (cell.trim() !== '') return false;
  return true;
}
