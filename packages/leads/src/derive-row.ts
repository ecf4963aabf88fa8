import { createHash } from 'node:crypto';
import type { CanonicalField, CanonicalLead, ColumnMapping, RowVariant } from './types.ts';
import { CANONICAL_FIELDS } from './types.ts';
import { meetsLeadMinimum } from './lead-minimum.ts';
import { cityKey, cleanValue, companyKey, normalisePhone, stateKey, streetKey, zipKey } from './normalise/index.ts';

/** One data row turned into what is stored for it at upload. */
export interface DerivedRow {
  input: CanonicalLead;
  /** Values of the mapping's search-variant columns that are not blank, in mapping order. */
  variants: RowVariant[];
  /** Primary value, an em dash, then location values; null when all are blank. At most 120 characters. */
  chatTitle: string | null;
  /** A company, or a street with (city and state) or zip (README "Reading uploads"). */
  valid: boolean;
}

const CHAT_TITLE_MAX = 120;
const PHONE_FIELDS = new Set<CanonicalField>(['number1', 'number2']);

/**
 * Reads one row through a column mapping. Pure: the same row and mapping
 * always give the same result, which is what makes the derived
 * `contact_id` stable across uploads of the same lead.
 */
export function deriveRow(headers: string[], cells: string[], mapping: ColumnMapping): DerivedRow {
  const cellOf = createCellReader(headers, cells);
  const fields = {} as Record<CanonicalField, string | null>;
  for (const field of CANONICAL_FIELDS) {
    const assigned = mapping.columns[field];
    const sources = assigned === undefined ? [] : Array.isArray(assigned) ? assigned : [assigned];
    const cells = sources.map(cellOf);
    fields[field] = shapeField(field, joinCells(field === 'street' ? cells.map(keepLineBreaks) : cells));
  }
  const input: CanonicalLead = { ...fields, contact_id: fields.contact_id ?? derivedContactId(fields) };
  const variants: RowVariant[] = [];
  for (const column of mapping.search_variants) {
    const value = cleanValue(cellOf(column.header));
    if (value === null) continue;
    const variant: RowVariant = { kind: column.kind, header: column.header, value: column.kind === 'phone' ? (normalisePhone(value) ?? value) : value };
    // The set travels with the value: it is what pairs a variant street with its own zip (variant-sets.ts).
    if (column.set !== undefined) variant.set = column.set;
    variants.push(variant);
  }
  return { input, variants, chatTitle: buildChatTitle(mapping, cellOf), valid: isValidLead(input) };
}

/** The `contact_id` a lead gets when its file has none: a hash of its normalised company and address. */
export function derivedContactId(lead: Pick<CanonicalLead, 'company' | 'street' | 'city' | 'state' | 'zip'>): string {
  const material = [companyKey(lead.company), streetKey(lead.street) ?? '', cityKey(lead.city) ?? '', stateKey(lead.state) ?? '', zipKey(lead.zip) ?? ''].join('|');
  return `h_${createHash('sha256').update(material).digest('hex').slice(0, 16)}`;
}

function isValidLead(lead: CanonicalLead): boolean {
  return meetsLeadMinimum((field) => lead[field] !== null);
}

// One index per header list: a file's rows share it, so a 2,000-column file is not re-indexed per row.
const headerIndexes = new WeakMap<string[], Map<string, number>>();

function indexHeaders(headers: string[]): Map<string, number> {
  let index = headerIndexes.get(headers);
  if (index === undefined) {
    index = new Map<string, number>();
    // First occurrence wins; mappings name de-duplicated headers, so a later twin is never meant.
    for (let i = 0; i < headers.length; i += 1) if (!index.has(headers[i]!)) index.set(headers[i]!, i);
    headerIndexes.set(headers, index);
  }
  return index;
}

function createCellReader(headers: string[], cells: string[]): (header: string) => string | null {
  const indexByHeader = indexHeaders(headers);
  return (header) => {
    const index = indexByHeader.get(header);
    return index === undefined ? null : (cells[index] ?? null);
  };
}

/**
 * A street cell with a second line inside it keeps the break as ", " (cleaning would make it a
 * space), so the street key can tell line 1 from what follows it.
 */
function keepLineBreaks(cell: string | null): string | null {
  if (cell === null || !/[\r\n]/.test(cell)) return cell;
  return cell
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join(', ');
}

function joinCells(values: Array<string | null>): string | null {
  const present = values.map(cleanValue).filter((value): value is string => value !== null);
  return present.length === 0 ? null : present.join(' ');
}

function shapeField(field: CanonicalField, value: string | null): string | null {
  if (value === null) return null;
  if (PHONE_FIELDS.has(field)) return normalisePhone(value) ?? value;
  if (field === 'state' && /^[a-z]{2}$/i.test(value)) return value.toUpperCase();
  // Spreadsheets turn 02134 into 2134; the stored lead should read like the address it is.
  if (field === 'zip' && /^\d{4}$/.test(value)) return `0${value}`;
  return value;
}

function buildChatTitle(mapping: ColumnMapping, cellOf: (header: string) => string | null): string | null {
  const { primary_column: primaryColumn, location_columns: locationColumns } = mapping.chat_label;
  const primary = primaryColumn === null ? null : cleanValue(cellOf(primaryColumn));
  const locations = locationColumns.map((header) => cleanValue(cellOf(header))).filter((value): value is string => value !== null);
  const location = locations.length === 0 ? null : locations.join(', ');
  const title = primary !== null && location !== null ? `${primary} — ${location}` : (primary ?? location);
  if (title === null || title.length <= CHAT_TITLE_MAX) return title;
  return `${title.slice(0, CHAT_TITLE_MAX - 1).trimEnd()}…`;
}
