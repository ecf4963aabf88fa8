import { decodeUpload, looksBinary, type DecodedUpload, type UploadEncoding } from './decode.ts';
import { CsvRejection, lineAt } from './errors.ts';
import type { CsvLimits } from './limits.ts';
import { parseCsv, parseCsvYielding, type ParsedCsv } from './parse.ts';

/** A decoded and parsed upload, ready for header mapping. */
export interface CsvUpload {
  parsed: ParsedCsv;
  encoding: UploadEncoding;
}

const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE2 = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);
const SAVE_AS_CSV = 'In Excel: File > Save As (or Export) > "CSV UTF-8 (Comma delimited) (*.csv)"; in Google Sheets or Numbers: File > Download/Export > CSV. Upload that .csv file.';

/**
 * Decodes and parses an uploaded file, handing the event loop back while it reads, or throws
 * {@link CsvRejection}: `binary_file`, `empty_file`, `no_header`, `header_only`,
 * `unterminated_quote`, `too_many_rows`, `too_many_columns`, `field_too_large`.
 */
export async function readCsvUpload(buf: Buffer, limits: Partial<CsvLimits> = {}): Promise<CsvUpload> {
  const { text, encoding } = decodeText(buf);
  return { parsed: requireRows(await parseCsvYielding(text, { limits })), encoding };
}

/** {@link readCsvUpload} in one go, for scripts and corpora where nothing else waits. */
export function readCsvUploadSync(buf: Buffer, limits: Partial<CsvLimits> = {}): CsvUpload {
  const { text, encoding } = decodeText(buf);
  return { parsed: requireRows(parseCsv(text, { limits })), encoding };
}

function decodeText(buf: Buffer): DecodedUpload {
  if (looksBinary(buf)) throw binaryRejection(buf);
  const decoded = decodeUpload(buf);
  if (decoded.text.trim() === '') {
    throw new CsvRejection('empty_file', 'The file is empty. Check that you exported the right file and upload it again.');
  }
  // NUL bytes past the sniffed start: a corrupt or binary file, never text a spreadsheet writes.
  const nul = decoded.text.indexOf('\u0000');
  if (nul !== -1) {
    const line = lineAt(decoded.text, nul);
    throw new CsvRejection(
      'binary_file',
      `Line ${line} holds NUL bytes, which CSV text never contains: the file is corrupt or not a CSV export. ` +
        `Export the data again as CSV and upload that file. ${SAVE_AS_CSV}`,
      line,
    );
  }
  return decoded;
}

function requireRows(parsed: ParsedCsv): ParsedCsv {
  if (parsed.rows.length === 0) {
    throw new CsvRejection(
      'header_only',
      `The file has a header row (${parsed.headers.length} columns) but no data rows. ` +
        'Export again including the records themselves, or add at least one lead below the header.',
    );
  }
  return parsed;
}

function binaryRejection(buf: Buffer): CsvRejection {
  if (buf.subarray(0, 4).equals(ZIP)) {
    return new CsvRejection(
      'binary_file',
      'The file is an Excel workbook (.xlsx) or another zip archive, not CSV text; a workbook cannot be read as CSV. ' + SAVE_AS_CSV,
    );
  }
  if (buf.subarray(0, 4).equals(OLE2)) {
    return new CsvRejection('binary_file', 'The file is a legacy Excel workbook (.xls), not CSV text. ' + SAVE_AS_CSV);
  }
  return new CsvRejection(
    'binary_file',
    'The file is not CSV-like text (it looks like a spreadsheet, image, PDF or archive). ' +
      'Open it in Excel or your CRM, export or "Save As" CSV, and upload that file.',
  );
}
