import { isBlankRecord, tokenizeCsv } from './tokenize.ts';

/** Delimiters found in CSV exports: comma, tab (Excel "Unicode text", TSV), semicolon (European Excel), pipe. */
export type CsvDelimiter = ',' | '\t' | ';' | '|';

// Order breaks exact ties: comma is by far the most common.
const CANDIDATES: readonly CsvDelimiter[] = [',', '\t', ';', '|'];
const SAMPLE_RECORDS = 50;
// A wrong candidate can open a "quoted field" that never closes; bound the work it can cause.
const SAMPLE_CHARS = 256 * 1024;

/** How a candidate delimiter splits the sample: its most common field count and how often it occurs. */
interface DelimiterScore {
  delimiter: CsvDelimiter;
  fieldCount: number;
  matchingRecords: number;
}

/**
 * Picks the delimiter whose quote-aware field count is most consistent over the first
 * ~50 non-empty records. Consistency of the majority wins, so a few preamble lines
 * (`Report generated ...`) or decimal commas inside semicolon files do not mislead it.
 * A file where no candidate splits anything is a single column: comma.
 */
export function detectDelimiter(text: string): CsvDelimiter {
  return chooseDelimiter(text).delimiter;
}

/** Delimiter found by {@link detectDelimiter}, and its score (null when nothing splits the sample). */
export function chooseDelimiter(text: string): { delimiter: CsvDelimiter; score: DelimiterScore | null } {
  let best: DelimiterScore | null = null;
  for (const delimiter of CANDIDATES) {
    const score = scoreDelimiter(text, delimiter);
    if (score.fieldCount < 2) continue;
    if (
      best === null ||
      score.matchingRecords > best.matchingRecords ||
      (score.matchingRecords === best.matchingRecords && score.fieldCount > best.fieldCount)
    ) {
      best = score;
    }
  }
  return { delimiter: best?.delimiter ?? ',', score: best };
}

/**
 * A one-column file whose values hold commas (`Company` / `Acme, Inc` / `Beta, LLC`): the header
 * line does not split, while the data splits into parts that start with a space, as prose does.
 * Spreadsheets never write a space after the delimiter, so that is the tell.
 */
export function looksSingleColumn(text: string, delimiter: CsvDelimiter): boolean {
  const sample = text.length > SAMPLE_CHARS ? text.slice(0, SAMPLE_CHARS) : text;
  const records = tokenizeCsv(sample, delimiter, SAMPLE_RECORDS * 2).records.filter((record) => !isBlankRecord(record));
  const [first, ...rest] = records;
  if (first === undefined || first.length !== 1 || rest.length === 0) return false;
  let splits = 0;
  let spaced = 0;
  for (const record of rest) {
    for (let i = 1; i < record.length; i += 1) {
      splits += 1;
      if (record[i]!.startsWith(' ')) spaced += 1;
    }
  }
  return splits > 0 && spaced >= splits * 0.8;
}

/** Dominant field count of the sample's non-blank records for one delimiter. */
function scoreDelimiter(text: string, delimiter: CsvDelimiter): DelimiterScore {
  const sample = text.length > SAMPLE_CHARS ? text.slice(0, SAMPLE_CHARS) : text;
  const { records } = tokenizeCsv(sample, delimiter, SAMPLE_RECORDS * 2);
  // The last record may be cut by the sample boundary; its count would be noise, unless it is all
  // there is (a header line longer than the sample), where its count so far is still the evidence.
  if (sample.length < text.length && records.length > 1) records.pop();
  const counts = dominantFieldCount(records.filter((record) => !isBlankRecord(record)).slice(0, SAMPLE_RECORDS));
  return { delimiter, ...counts };
}

/** Most frequent field count (ties go to the wider count) and how many records have it. */
export function dominantFieldCount(records: readonly string[][]): { fieldCount: number; matchingRecords: number } {
  const frequency = new Map<number, number>();
  for (const record of records) frequency.set(record.length, (frequency.get(record.length) ?? 0) + 1);
  let fieldCount = 0;
  let matchingRecords = 0;
  for (const [count, seen] of frequency) {
    if (seen > matchingRecords || (seen === matchingRecords && count > fieldCount)) {
      fieldCount = count;
      matchingRecords = seen;
    }
  }
  return { fieldCount, matchingRecords };
}
