import { foldTokens } from './value.normaliser.ts';

// Folded forms: `L.L.C.` and `Inc.` are already `llc` and `inc` after foldTokens.
const LEGAL_SUFFIXES = new Set(['llc', 'inc', 'co', 'corp', 'company', 'ltd', 'lp', 'llp', 'pllc', 'incorporated', 'corporation', 'limited']);

/**
 * Comparison key for a business name. Legal suffixes are removed wherever
 * they stand because exports put them in the middle too (`Acme Inc -
 * Pittsburgh`, `Haney Co LLC`). When a name is nothing but suffixes
 * (`The Company`), the words are kept so the key is never empty for a
 * non-blank name.
 */
export function companyKey(name: string | null | undefined): string {
  if (name === null || name === undefined) return '';
  const tokens = foldTokens(name.replace(/&/g, ' and ')).filter((token) => token !== '#');
  const withoutArticle = tokens[0] === 'the' && tokens.length > 1 ? tokens.slice(1) : tokens;
  const core = withoutArticle.filter((token) => !LEGAL_SUFFIXES.has(token));
  return (core.length > 0 ? core : withoutArticle).join(' ');
}
