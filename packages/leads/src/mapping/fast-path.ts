import type { CanonicalField, ColumnAssignments, FieldDecision, MappingDecision } from '../types.ts';
import { buildChatLabel } from './chat-label.ts';
import { isMappable } from './mappable.ts';
import { normaliseHeader } from './normalise-header.ts';
import { fastPathRole, type FastPathRole } from './synonyms.ts';

type Slots = Map<FastPathRole, string>;

/**
 * Maps a header row by exact synonyms alone, with no sample values and no network. Returns null
 * unless every non-blank header is a known field synonym or a known ignorable column, no role is
 * claimed twice and the result is mappable: anything less certain belongs to the heuristic.
 */
export function fastPathMapping(headers: string[]): MappingDecision | null {
  const slots: Slots = new Map();
  for (const header of headers) {
    const normalised = normaliseHeader(header);
    if (normalised === '') continue;
    const role = fastPathRole(normalised);
    if (role === undefined) return null;
    if (role === 'ignore') continue;
    // Two headers claiming one role ("Phone" and "Telephone") need judgement, not a table.
    if (slots.has(role)) return null;
    slots.set(role, header);
  }
  const columns = assignColumns(slots);
  if (columns === null || !isMappable(columns)) return null;
  const fields: Partial<Record<CanonicalField, FieldDecision>> = {};
  for (const [field, value] of Object.entries(columns) as [CanonicalField, string | string[]][]) {
    const list = Array.isArray(value) ? value : [value];
    fields[field] = {
      headers: list,
      confidence: 1,
      reason: list.map((header) => `header synonym '${normaliseHeader(header)}'`).join(' + '),
    };
  }
  return { columns, search_variants: [], chat_label: buildChatLabel(columns), fields };
}

function assignColumns(slots: Slots): ColumnAssignments | null {
  const columns: ColumnAssignments = {};
  const simple: [FastPathRole, CanonicalField][] = [
    ['contact_id', 'contact_id'],
    ['company', 'company'],
    ['city', 'city'],
    ['state', 'state'],
    ['zip', 'zip'],
    ['number1', 'number1'],
    ['number2', 'number2'],
  ];
  for (const [role, field] of simple) {
    const header = slots.get(role);
    if (header !== undefined) columns[field] = header;
  }
  const street = slots.get('street');
  const street2 = slots.get('street2');
  if (street2 !== undefined && street === undefined) return null;
  if (street !== undefined) columns.street = street2 === undefined ? street : [street, street2];
  // A lone mobile with no main phone, or half of a first/last pair, is a judgement call.
  if (columns.number2 !== undefined && columns.number1 === undefined) return null;
  const first = slots.get('first_name');
  const last = slots.get('last_name');
  const full = slots.get('dm_name');
  if ((first === undefined) !== (last === undefined)) return null;
  if (full !== undefined) {
    if (first !== undefined) return null;
    columns.dm_name = full;
  } else if (first !== undefined && last !== undefined) {
    columns.dm_name = [first, last];
  }
  return columns;
}
