import type { ColumnMapping } from '@bej/leads';

/** Synthetic leads (made up for tests; any resemblance to real businesses is accidental). */
export const LEAD_HEADERS = ['Business Name', 'Address', 'City', 'State', 'Zip', 'Phone'];

export function leadRows(count: number): string[][] {
  return Array.from({ length: count }, (_, i) => [
    `Synthetic Widgets ${i} LLC`,
    `${100 + i} Testing Ave`,
    'Springfield',
    'IL',
    `627${String(i % 100).padStart(2, '0')}`,
    `(217) 555-${String(1000 + i).slice(-4)}`,
  ]);
}

/** What a well-behaved model answers for LEAD_HEADERS. */
export const GOOD_ANSWER: ColumnMapping = {
  columns: { company: 'Business Name', street: 'Address', city: 'City', state: 'State', zip: 'Zip', number1: 'Phone' },
  search_variants: [],
  chat_label: { primary_column: 'Business Name', location_columns: ['City', 'State'] },
};

/** Headers named so plainly that the content heuristics map them on their own. */
export const PLAIN_HEADERS = ['Company', 'Street', 'City', 'State', 'Zip'];

export function plainRows(count: number): string[][] {
  return Array.from({ length: count }, (_, i) => [`Synthetic Goods ${i} Inc`, `${200 + i} Main St`, 'Columbus', 'OH', '43004']);
}
