import { decodeUpload, looksBinary, type UploadEncoding } from './decode.ts';
import { CsvRejection } from './errors.ts';
import { parseCsv, type ParsedCsv } from './parse.ts';

/** A decoded and parsed upload, ready for header mapping. */
export interface CsvUpload {
  parsed: ParsedCsv;
  encoding: UploadEncoding;
}

/**
 * Decodes and parses an uploaded file, or throws {@link CsvRejection}:
 * `binary_file`, `empty_file`, `no_header` or `header_only`.
 */
export function readCsvUpload(buf: Buffer): CsvUpload {
  if (looksBinary(buf)) {
    throw new CsvRejection(
      'binary_file',
      'The file is not CSV-like text (it looks like a spreadsheet, image, PDF or archive). ' +
        'Open it in Excel or your CRM, export or "Save As" CSV, and upload that file.',
    );
  }
  const { text, encoding } = decodeUpload(buf);
  if (text.trim() === '') {
    throw new CsvRejection('empty_file', 'The file is empty. Check that you exported the right file and upload it again.');
  }
  const parsed = parseCsv(text);
  if (parsed.rows.length === 0) {
    throw new CsvRejection(
      'header_only',
      `The file has a header row (${parsed.headers.length} columns) but no data rows. ` +
        'Export again including the records themselves, or add at least one lead below the header.',
    );
  }
  return { parsed, encoding };
}
