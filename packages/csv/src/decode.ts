import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';

/**
 * Text encoding an upload was decoded from. `utf-8-bom` means UTF-8 with a byte order mark (Excel "CSV UTF-8");
 * `utf-8+windows-1252` a UTF-8 file with some lines in Windows-1252 (files pasted together from two tools).
 */
export type UploadEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252' | 'utf-8+windows-1252';

/** Result of {@link decodeUpload}: the text without any byte order mark, and how it was encoded. */
export interface DecodedUpload {
  text: string;
  encoding: UploadEncoding;
}

// Enough to judge the shape of a file without scanning a 50 MB upload twice.
const SNIFF_BYTES = 8192;

// Magic numbers of the non-CSV files people most often upload by mistake.
const BINARY_SIGNATURES: readonly Buffer[] = [
  Buffer.from([0x89, 0x50, 0x4e, 0x47]), // PNG
  Buffer.from([0x50, 0x4b, 0x03, 0x04]), // zip, xlsx, docx
  Buffer.from('%PDF-', 'latin1'),
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0]), // OLE2: legacy .xls
  Buffer.from([0xff, 0xd8, 0xff]), // JPEG
  Buffer.from('GIF8', 'latin1'),
  Buffer.from([0x1f, 0x8b]), // gzip
];

/**
 * Decodes an uploaded CSV whatever tool produced it: UTF-8 (with or without BOM),
 * UTF-16 LE/BE (with BOM, or without as Excel's "Unicode text" writes it),
 * otherwise UTF-8 line by line with a Windows-1252 fallback for the lines that are not valid UTF-8.
 */
export function decodeUpload(buf: Buffer): DecodedUpload {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
    return { text: buf.subarray(3).toString('utf8'), encoding: 'utf-8-bom' };
  }
  const utf16 = detectUtf16(buf);
  if (utf16 !== null) {
    const hasBom = (buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff);
    const body = buf.subarray(hasBom ? 2 : 0);
    return { text: iconv.decode(body, utf16 === 'utf-16le' ? 'utf16le' : 'utf16be'), encoding: utf16 };
  }
  if (isUtf8(buf)) return { text: buf.toString('utf8'), encoding: 'utf-8' };
  return decodeLineByLine(buf);
}

/**
 * Not valid UTF-8 as a whole: each line is judged alone, so one stray byte does not turn every
 * `Müller` of the file into `MÃ¼ller`. A valid UTF-8 line stays UTF-8; an invalid line that still
 * holds proper UTF-8 characters is UTF-8 with U+FFFD for its broken bytes; any other invalid line
 * is Windows-1252 (legacy Excel/CRM exports), which decodes every byte. Splitting at LF is safe:
 * 0x0A never occurs inside a UTF-8 or Windows-1252 multi-byte character.
 */
function decodeLineByLine(buf: Buffer): DecodedUpload {
  const parts: string[] = [];
  let utf8NonAscii = false;
  let legacyLines = 0;
  let runStart = 0;
  let runIsUtf8 = true;
  const flush = (end: number) => {
    if (end <= runStart) return;
    const run = buf.subarray(runStart, end);
    if (runIsUtf8) {
      const text = run.toString('utf8');
      if (text.length !== run.length) utf8NonAscii = true;
      parts.push(text);
    } else {
      parts.push(iconv.decode(run, 'win1252'));
    }
    runStart = end;
  };
  for (let start = 0; start < buf.length; ) {
    const newline = buf.indexOf(0x0a, start);
    const end = newline === -1 ? buf.length : newline + 1;
    const line = buf.subarray(start, end);
    const lineIsUtf8 = isUtf8(line);
    if (!lineIsUtf8 && /[^\x00-\x7f\ufffd]/.test(line.toString('utf8'))) {
      // Mostly UTF-8 with a corrupt byte: keep its characters, mark the broken byte.
      flush(start);
      parts.push(line.toString('utf8'));
      utf8NonAscii = true;
      runStart = end;
      start = end;
      continue;
    }
    if (!lineIsUtf8) legacyLines += 1;
    if (lineIsUtf8 !== runIsUtf8) {
      flush(start);
      runIsUtf8 = lineIsUtf8;
    }
    start = end;
  }
  flush(buf.length);
  const encoding: UploadEncoding = legacyLines === 0 ? 'utf-8' : utf8NonAscii ? 'utf-8+windows-1252' : 'windows-1252';
  return { text: parts.join(''), encoding };
}

/**
 * True when the upload is not text: a known binary signature (PNG, zip/xlsx, PDF, legacy xls,
 * JPEG, GIF, gzip), NUL bytes outside a UTF-16 pattern, or many control characters.
 */
export function looksBinary(buf: Buffer): boolean {
  if (BINARY_SIGNATURES.some((signature) => buf.subarray(0, signature.length).equals(signature))) return true;
  if (detectUtf16(buf) !== null) return false;
  const sample = buf.subarray(0, SNIFF_BYTES);
  let control = 0;
  for (const byte of sample) {
    if (byte === 0) return true;
    // Tab, LF, FF, CR are ordinary in text; 0x1A is the DOS end-of-file marker some exporters append.
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d && byte !== 0x1a) control += 1;
  }
  return sample.length > 0 && control / sample.length > 0.1;
}

/** UTF-16 byte order from a BOM or, without one, from where the NUL bytes of ASCII characters fall. */
export function detectUtf16(buf: Buffer): 'utf-16le' | 'utf-16be' | null {
  if (buf[0] === 0xff && buf[1] === 0xfe) return 'utf-16le';
  if (buf[0] === 0xfe && buf[1] === 0xff) return 'utf-16be';
  const pairs = Math.floor(Math.min(buf.length, SNIFF_BYTES) / 2);
  if (pairs < 2) return null;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < pairs; i += 1) {
    if (buf[2 * i] === 0) evenNul += 1;
    if (buf[2 * i + 1] === 0) oddNul += 1;
  }
  // CSV text is mostly ASCII, so one byte of nearly every pair is NUL and the other almost never is.
  if (oddNul / pairs > 0.6 && evenNul / pairs < 0.05) return 'utf-16le';
  if (evenNul / pairs > 0.6 && oddNul / pairs < 0.05) return 'utf-16be';
  return null;
}
