import type { ColumnAssignments } from '../types.ts';

function has(columns: ColumnAssignments, field: keyof ColumnAssignments): boolean {
  const value = columns[field];
  return Array.isArray(value) ? value.length > 0 : typeof value === 'string' && value !== '';
}

/** README "Reading uploads": `company`, or `street` with (`city` and `state`) or `zip`. */
export function isMappable(columns: ColumnAssignments): boolean {
  if (has(columns, 'company')) return true;
  if (!has(columns, 'street')) return false;
  return (has(columns, 'city') && has(columns, 'state')) || has(columns, 'zip');
}
