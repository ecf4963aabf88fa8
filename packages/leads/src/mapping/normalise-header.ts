import { createHash } from 'node:crypto';

// The characters exports disagree on ("Zip_Code", "zip-code", "ZIP CODE", "Phone #", "Addr.") carry no meaning.
const NOISE = /[\s_\-.#]+/g;

/** Lower-cases a header and drops spaces, `_`, `-`, `.` and `#` so spelling variants compare equal. */
export function normaliseHeader(header: string): string {
  return header.trim().toLowerCase().replace(NOISE, '');
}

/**
 * Cache key of a header row: sha256 hex of the sorted, normalised, de-duplicated non-blank
 * header names joined with U+001F. Column order does not matter because mappings name headers.
 */
export function headerFingerprint(headers: string[]): string {
  const names = [...new Set(headers.map(normaliseHeader).filter((name) => name !== ''))].sort();
  return createHash('sha256').update(names.join('\u001f')).digest('hex');
}
