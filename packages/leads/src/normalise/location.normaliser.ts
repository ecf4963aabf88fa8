import { US_STATE_CODES, US_STATE_CODES_BY_NAME } from './us-states.data.ts';
import { foldText } from './value.normaliser.ts';

/**
 * First five digits of a US zip. Spreadsheets read zips as numbers and drop
 * leading zeros (`02134` → `2134`, `00501` → `501`), so short all-digit
 * zips are padded back. Anything that is not zip-shaped gives null.
 */
export function zipKey(zip: string | null | undefined): string | null {
  if (zip === null || zip === undefined) return null;
  const trimmed = zip.trim();
  // A "City, ST 12345" cell (utility MAIL_CSZ columns) mapped as a zip carries its zip at the end.
  const lastLine = /[A-Za-z][\s,]+[A-Za-z]{2}\.?,?\s+(\d{5})(?:-?\d{4})?$/.exec(trimmed);
  if (lastLine) return lastLine[1] as string;
  const plusFour = /^(\d{3,5})\s*-\s*\d{4}$/.exec(trimmed);
  if (plusFour) return (plusFour[1] as string).padStart(5, '0');
  if (!/^\d+$/.test(trimmed)) return null;
  // A zip+4 written without the dash, possibly having lost its leading zero too.
  if (trimmed.length === 9) return trimmed.slice(0, 5);
  if (trimmed.length === 8) return `0${trimmed.slice(0, 4)}`;
  if (trimmed.length >= 3 && trimmed.length <= 5) return trimmed.padStart(5, '0');
  return null;
}

/** Two-letter USPS code from a code (`pa`, `P.A.`) or a full name (`Pennsylvania`); null when unknown. */
export function stateKey(state: string | null | undefined): string | null {
  if (state === null || state === undefined) return null;
  const folded = foldText(state);
  if (folded === '') return null;
  const asCode = folded.replace(/ /g, '').toUpperCase();
  if (asCode.length === 2 && US_STATE_CODES.has(asCode)) return asCode;
  return US_STATE_CODES_BY_NAME[folded] ?? null;
}

// Clipped words in place names; expanded on both sides so `St. Louis` meets `Saint Louis`.
const CITY_WORDS: Record<string, string> = { st: 'saint', ste: 'sainte', ft: 'fort', mt: 'mount', pt: 'point' };

/** Comparison key for a city: folded like the other keys, common clipped words spelled out. */
export function cityKey(city: string | null | undefined): string | null {
  if (city === null || city === undefined) return null;
  const tokens = foldText(city).replace(/#/g, ' ').split(' ').filter((token) => token !== '');
  if (tokens.length === 0) return null;
  return tokens.map((token) => CITY_WORDS[token] ?? token).join(' ');
}
