import type { CanonicalField } from './types.ts';

/**
 * README "Reading uploads": a lead needs a company, or a street with (city and state) or zip. The one
 * statement of that rule, asked of a mapping's columns (is the file mappable?) and of a row's
 * values (is the row valid?) alike.
 */
export function meetsLeadMinimum(has: (field: CanonicalField) => boolean): boolean {
  if (has('company')) return true;
  return has('street') && ((has('city') && has('state')) || has('zip'));
}
