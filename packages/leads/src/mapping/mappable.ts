import { meetsLeadMinimum } from '../lead-minimum.ts';
import type { ColumnAssignments } from '../types.ts';

function has(columns: ColumnAssignments, field: keyof ColumnAssignments): boolean {
  const value = columns[field];
  return Array.isArray(value) ? value.length > 0 : typeof value === 'string' && value !== '';
}

/** Whether the columns can give a valid lead at all (README "Reading uploads"; see meetsLeadMinimum). */
export function isMappable(columns: ColumnAssignments): boolean {
  return meetsLeadMinimum((field) => has(columns, field));
}
