import { parsePhoneNumberFromString } from 'libphonenumber-js';

// A North American number in a plain spelling: an optional `+1`/`1`, the area code (in parentheses
// or not), the exchange and the line, separated by spaces, dots or hyphens, and nothing else.
const PLAIN_NANP = /^(?:\+?1[ .-]*)?(?:\(([2-9]\d\d)\)|([2-9]\d\d))[ .-]*([2-9]\d\d)[ .-]*(\d{4})$/;
// Whether a North American number is valid depends on its first six digits only (area code and
// exchange: libphonenumber's NANP patterns go no deeper, checked over every prefix), so each
// prefix is asked of libphonenumber once. Bounded: cleared when full.
const PREFIX_CACHE_MAX = 20_000;
const validPrefixes = new Map<string, boolean>();

/**
 * E.164 for anything libphonenumber-js considers a valid number (US when no
 * country code is given), null otherwise. Extensions are dropped on purpose:
 * two spellings of the same line with different extensions still reach the
 * same business, and E.164 has no place for them.
 *
 * Plain North American spellings (most of any US lead file) take a fast path that
 * gives the same answer as the parser (a test compares them) at a fraction of its cost.
 */
export function normalisePhone(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  const trimmed = raw.trim();
  const plain = PLAIN_NANP.exec(trimmed);
  if (plain) {
    const prefix = `${plain[1] ?? plain[2]}${plain[3]}`;
    const e164 = `+1${prefix}${plain[4]}`;
    let valid = validPrefixes.get(prefix);
    if (valid === undefined) {
      valid = parseToE164(e164) === e164;
      if (validPrefixes.size >= PREFIX_CACHE_MAX) validPrefixes.clear();
      validPrefixes.set(prefix, valid);
    }
    return valid ? e164 : null;
  }
  return parseToE164(trimmed);
}

/** What libphonenumber-js makes of the text (US when no country code is given), null when not a valid number. */
export function parseToE164(trimmed: string): string | null {
  // Fewer than seven digits is never a phone; this keeps `n/a`, `0` and the like out of the parser.
  if (trimmed.replace(/\D/g, '').length < 7) return null;
  const parsed = parsePhoneNumberFromString(trimmed, 'US');
  if (parsed === undefined || !parsed.isValid()) return null;
  return parsed.number;
}
