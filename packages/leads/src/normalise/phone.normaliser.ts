import { parsePhoneNumberFromString } from 'libphonenumber-js';

/**
 * E.164 for anything libphonenumber-js considers a valid number (US when no
 * country code is given), null otherwise. Extensions are dropped on purpose:
 * two spellings of the same line with different extensions still reach the
 * same business, and E.164 has no place for them.
 */
export function normalisePhone(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  const trimmed = raw.trim();
  // Fewer than seven digits is never a phone; this keeps `n/a`, `0` and the like out of the parser.
  if (trimmed.replace(/\D/g, '').length < 7) return null;
  const parsed = parsePhoneNumberFromString(trimmed, 'US');
  if (parsed === undefined || !parsed.isValid()) return null;
  return parsed.number;
}
