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

// A character UTF-8 decoding produced that is neither ASCII nor the replacement mark: proper UTF-8.
const UTF8_EVIDENCE = /[^\x00-\x7f\ufffd]/;

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
 * `Müller` of the file into `MÃ¼ller`. A file with no valid non-ASCII UTF-8 line at all is a
 * legacy Windows-1252 export (Excel/CRMs on Windows), decoded in one go. Otherwise valid lines
 * stay UTF-8; an invalid line that still holds proper UTF-8 characters is UTF-8 with U+FFFD for
 * its broken bytes; any other invalid line is Windows-1252, which decodes every byte. Splitting
 * at LF is safe: 0x0A never occurs inside a UTF-8 or Windows-1252 multi-byte character.
 */
function decodeLineByLine(buf: Buffer): DecodedUpload {
  // Lossy UTF-8 marks every invalid sequence with U+FFFD and keeps one LF per LF byte, so its lines
  // are the file's lines; only the lines holding a U+FFFD need a second look at their bytes.
  const lossy = buf.toString('utf8');
  if (!UTF8_EVIDENCE.test(lossy)) return { text: iconv.decode(buf, 'win1252'), encoding: 'windows-1252' };
  const parts: string[] = [];
  let legacyLines = 0;
  let copiedTo = 0;
  let textAt = 0;
  let byteAt = 0;
  for (let bad = lossy.indexOf('\ufffd'); bad !== -1; bad = lossy.indexOf('\ufffd', copiedTo)) {
    const lineStart = lossy.lastIndexOf('\n', bad) + 1;
    const lineEnd = lossy.indexOf('\n', bad) + 1 || lossy.length;
    // Walk text and bytes line by line together up to this line.
    while (textAt < lineStart) {
      textAt = lossy.indexOf('\n', textAt) + 1;
      byteAt = buf.indexOf(0x0a, byteAt) + 1;
    }
    const byteEnd = buf.indexOf(0x0a, byteAt) + 1 || buf.length;
    parts.push(lossy.slice(copiedTo, lineStart));
    const line = lossy.slice(lineStart, lineEnd);
    // A U+FFFD the file itself holds, or mostly UTF-8 with a corrupt byte: keep its characters.
    if (isUtf8(buf.subarray(byteAt, byteEnd)) || UTF8_EVIDENCE.test(line)) parts.push(line);
    else {
      parts.push(iconv.decode(buf.subarray(byteAt, byteEnd), 'win1252'));
      legacyLines += 1;
    }
    copiedTo = textAt = lineEnd;
    byteAt = byteEnd;
  }
  parts.push(lossy.slice(copiedTo));
  return { text: parts.join(''), encoding: legacyLines === 0 ? 'utf-8' : 'utf-8+windows-1252' };
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
