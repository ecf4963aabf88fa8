import { dominantFieldCount } from './delimiter.ts';
import { CsvRejection } from './errors.ts';
import { isBlankRecord } from './tokenize.ts';

const NUMERIC = /^[-+]?[\d\s.,%$€£]*\d[\d\s.,%$€£]*$/;

/**
 * Index of the header among the first records: the first record that looks like a header and
 * is as wide as the data actually used. "Used" is the widest non-blank cell of the records with
 * the dominant field count, so data lines ending in a trailing delimiter (`Acme,15213,`) do not
 * make the two-field header look too short, and one-field preamble lines (report titles) are
 * skipped. Failing that, the first header-like record with two or more fields (the data may be
 * wider than its header; those rows are reported, not cut). Records before it are preamble.
 */
export function findHeaderIndex(head: readonly string[][]): number {
  const nonBlank = head.filter((record) => !isBlankRecord(record));
  if (nonBlank.length === 0) {
    throw new CsvRejection('empty_file', 'The file has no content. Check that you exported the right file and upload it again.');
  }
  const { fieldCount } = dominantFieldCount(nonBlank);
  let usedWidth = 0;
  for (const record of nonBlank) {
    if (record.length !== fieldCount) continue;
    let last = record.length;
    while (last > usedWidth && record[last - 1]!.trim() === '') last -= 1;
    if (last > usedWidth) usedWidth = last;
  }
  let index = head.findIndex((record) => record.length >= usedWidth && looksLikeHeader(record));
  if (index === -1) index = head.findIndex((record) => record.length >= 2 && looksLikeHeader(record));
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
