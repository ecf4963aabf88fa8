/**
 * Trims a cell, collapses runs of whitespace (including no-break spaces that
 * spreadsheets leave behind) to one space, and turns blank into null so that
 * "missing" has exactly one representation downstream.
 */
export function cleanValue(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const cleaned = value.replace(/[\s\u00a0\u200b\ufeff]+/g, ' ').trim();
  return cleaned === '' ? null : cleaned;
}

/**
 * Lower case, accents folded, apostrophes and dots dropped (so `L.L.C.` and
 * `Joe's` stay one word), every other punctuation mark turned into a space.
 * Shared by the company, street and city keys so that both sides of a
 * comparison are always folded the same way.
 */
export function foldText(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['\u2018\u2019.`]/g, '')
    .replace(/[^a-z0-9#]+/g, ' ')
    .trim();
}

/** Splits folded text into words; `#5` becomes `#`, `5` so a unit marker is its own token. */
export function foldTokens(value: string): string[] {
  return foldText(value.replace(/#/g, ' # '))
    .split(' ')
    .filter((token) => token !== '');
}
