import type { ChatLabel, ColumnAssignments } from '../types.ts';

function firstHeader(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? (value[0] ?? null) : value;
}

/** Chat titles lead with the business name, else the person, else the street; then city and state. */
export function buildChatLabel(columns: ColumnAssignments): ChatLabel {
  const primary = firstHeader(columns.company) ?? firstHeader(columns.dm_name) ?? firstHeader(columns.street);
  const location = [firstHeader(columns.city), firstHeader(columns.state)].filter((h): h is string => h !== null);
  return { primary_column: primary, location_columns: location };
}
