import type { VariantKind } from '../types.ts';
import type { ColumnClass, ColumnRole, Qualifier } from './column-class.ts';

type AddressField = 'street' | 'city' | 'state' | 'zip';

/** The primary address fields and the other address sets' columns as search variants. */
interface AddressChoice {
  fields: Partial<Record<AddressField, ColumnClass[]>>;
  /** `set` names the variant's address set, so the worker pairs a street with its own zip. */
  variants: { column: ColumnClass; kind: VariantKind; set: string }[];
  /** Which set was chosen and why, for the field reasons. */
  note: string;
}

interface AddressSet {
  qualifier: Qualifier;
  set: number | null;
  columns: ColumnClass[];
}

const ADDRESS_ROLES = new Set<ColumnRole>(['street', 'house_number', 'street_name', 'formatted_address', 'city', 'state', 'zip', 'zip4']);
const STREET_ROLES = new Set<ColumnRole>(['street', 'house_number', 'street_name', 'formatted_address']);
// Where the business is beats where its mail goes; a home or "other" address is the primary only
// when the file has nothing else.
const QUALIFIER_RANK: Record<Qualifier, number> = { site: 0, none: 1, billing: 2, mailing: 3, shipping: 4, alternate: 4, other: 5, home: 6 };

const hasStreet = (set: AddressSet) => set.columns.some((column) => STREET_ROLES.has(column.role));
const hasRole = (set: AddressSet, role: ColumnRole) => set.columns.some((column) => column.role === role);

/**
 * Web tables and hand-made sheets repeat plain headers for a second address ("Mailing Address,
 * City, State, Zip" after "Address, City, State, Zip"), which the parser renames "City (2)". Such a
 * copy starts a set of its own (and, without a street, completes the nearest set lacking it), unless
 * it is a suite line ("Address (2)" of units), which continues the first street.
 */
function copyOf(column: ColumnClass): number {
  const continuesStreet = column.role === 'street' && column.line === 2;
  return column.copy !== null && column.copy >= 2 && !continuesStreet ? column.copy : 1;
}

function groupSets(columns: ColumnClass[]): AddressSet[] {
  const sets = new Map<string, AddressSet>();
  for (const column of columns) {
    const key = `${column.qualifier}|${column.setNumber ?? ''}|${copyOf(column)}`;
    const set = sets.get(key) ?? { qualifier: column.qualifier, set: column.setNumber, columns: [] };
    set.columns.push(column);
    sets.set(key, set);
  }
  return [...sets.values()];
}

/**
 * Unqualified city/state/zip columns with no street of their own ("Mailing Address, City, State,
 * Zip" or "SERV_ADDR ... ZIP5, ZIP4") complete the nearest preceding address set that lacks them.
 */
function attachOrphans(sets: AddressSet[]): AddressSet[] {
  const anchors = sets.filter(hasStreet);
  const orphanSets = sets.filter((set) => set.qualifier === 'none' && set.set === null && !hasStreet(set));
  if (anchors.length === 0 || orphanSets.length === 0) return sets;
  const kept = sets.filter((set) => !orphanSets.includes(set));
  const leftovers: ColumnClass[] = [];
  for (const column of orphanSets.flatMap((set) => set.columns)) {
    const open = anchors.filter((set) => !hasRole(set, column.role) && !(isOneLine(set) && distance(set, column) > ONE_LINE_REACH));
    const start = (set: AddressSet) => Math.min(...set.columns.map((c) => c.index));
    const before = open.filter((set) => start(set) < column.index).sort((a, b) => start(b) - start(a));
    const after = open.filter((set) => start(set) > column.index).sort((a, b) => start(a) - start(b));
    const target = before[0] ?? after[0];
    if (target) target.columns.push(column);
    else leftovers.push(column);
  }
  // Five-digit numbers with no header saying "zip" (meter reads, usage) complete an address set
  // that lacks a zip, but never stand alone as one: every set here already has its own.
  const placed = leftovers.filter((column) => !column.fromValues);
  if (placed.length > 0) kept.push({ qualifier: 'none', set: null, columns: placed });
  return kept;
}

// A one-line address already holds its city, state and zip; a state column far from it (Mailchimp's
// geo-IP "REGION" next to "CC" and the coordinates) describes something else.
const ONE_LINE_REACH = 3;
const isOneLine = (set: AddressSet) => set.columns.some((c) => c.role === 'formatted_address') && !set.columns.some((c) => c.role === 'street' || c.role === 'street_name');
const distance = (set: AddressSet, column: ColumnClass) => Math.min(...set.columns.map((c) => Math.abs(c.index - column.index)));

/** Moves city/state/zip columns that sit far from a one-line address out of its set, to be placed on their own. */
function detachFarFromOneLine(sets: AddressSet[]): AddressSet[] {
  const detached: ColumnClass[] = [];
  for (const set of sets) {
    if (!isOneLine(set)) continue;
    const far = set.columns.filter((column) => !STREET_ROLES.has(column.role) && distance({ ...set, columns: set.columns.filter((c) => STREET_ROLES.has(c.role)) }, column) > ONE_LINE_REACH);
    set.columns = set.columns.filter((column) => !far.includes(column));
    detached.push(...far);
  }
  return detached.length === 0 ? sets : [...sets, { qualifier: 'none', set: null, columns: detached }];
}

function isUsable(set: AddressSet): boolean {
  return hasStreet(set) || hasRole(set, 'zip') || (hasRole(set, 'city') && hasRole(set, 'state'));
}

function firstOf(set: AddressSet, role: ColumnRole, line?: number): ColumnClass | undefined {
  return set.columns
    .filter((column) => column.role === role && (line === undefined || column.line === line))
    // A column read from its header beats one guessed from its values alone (a blank-header column
    // of five-digit meter reads next to "zip_cd"); then filled columns, then the leftmost.
    .sort((a, b) => Number(a.fromValues) - Number(b.fromValues) || (b.filled > 0 ? 1 : 0) - (a.filled > 0 ? 1 : 0) || a.index - b.index)[0];
}

const MAX_STREET_LINE = 4;

/** Line 1 then lines 2-4, else house number + street name, else a one-cell full address. */
function streetOf(set: AddressSet): ColumnClass[] | undefined {
  const line1 = firstOf(set, 'street', 1);
  if (line1) {
    const rest: ColumnClass[] = [];
    for (let line = 2; line <= MAX_STREET_LINE; line += 1) {
      const column = firstOf(set, 'street', line);
      if (column) rest.push(column);
    }
    return [line1, ...rest];
  }
  const houseNumber = firstOf(set, 'house_number');
  const streetName = firstOf(set, 'street_name');
  // Split-street extracts keep the unit in its own column ("PREM_UNIT"): it is line 2 of the split street.
  const unit = firstOf(set, 'street', 2);
  const withUnit = (parts: ColumnClass[]) => (unit ? [...parts, unit] : parts);
  if (houseNumber && streetName) return withUnit([houseNumber, streetName]);
  if (streetName) return withUnit([streetName]);
  const formatted = firstOf(set, 'formatted_address');
  return formatted ? [formatted] : undefined;
}

function setRank(set: AddressSet): [number, number, number] {
  return [QUALIFIER_RANK[set.qualifier], set.set ?? 0, Math.min(...set.columns.map((c) => c.index))];
}

/** Picks the primary address set and turns the other business address sets into variants. */
export function chooseAddresses(classes: ColumnClass[]): AddressChoice {
  const sets = attachOrphans(detachFarFromOneLine(groupSets(classes.filter((column) => ADDRESS_ROLES.has(column.role))))).filter(isUsable);
  sets.sort((a, b) => {
    const [ra, sa, ia] = setRank(a);
    const [rb, sb, ib] = setRank(b);
    return ra - rb || sa - sb || ia - ib;
  });
  const primary = sets[0];
  if (!primary) return { fields: {}, variants: [], note: '' };
  const fields: AddressChoice['fields'] = {};
  const street = streetOf(primary);
  if (street) fields.street = street;
  for (const role of ['city', 'state', 'zip'] as const) {
    const column = firstOf(primary, role);
    if (column) fields[role] = [column];
  }
  const variants: AddressChoice['variants'] = [];
  const setIds = new Set<string>();
  // Every other set is a search variant, home and "other" included (a convention, shared by all
  // corpora): many small businesses are run from the owner's home or a second site, and a variant
  // is tried only after the primary fields found nothing and matches only where the directory lists
  // a business at that street and zip, so keeping it costs little and finds those businesses.
  for (const other of sets.slice(1)) {
    // Without a street or a zip the set is where a person is (Apollo's contact "City, State"), not another address of the business.
    if (!hasStreet(other) && !hasRole(other, 'zip')) continue;
    // Every line of a variant street is listed (the supplement pass tries line 1 and the lines
    // merged); of a split street (house number + name) only its first column is.
    const otherStreet = streetOf(other) ?? [];
    const lines = otherStreet[0]?.role === 'street' ? otherStreet : otherStreet.slice(0, 1);
    const set = variantSetId(other, setIds);
    for (const column of lines) variants.push({ column, kind: 'street', set });
    for (const role of ['city', 'state', 'zip'] as const) {
      const column = firstOf(other, role);
      if (column) variants.push({ column, kind: role, set });
    }
  }
  const note = sets.length > 1 ? `${primary.qualifier === 'none' ? 'unqualified' : primary.qualifier} address preferred` : '';
  return { fields, variants, note };
}

/** A readable, unique id for a variant set: its qualifier and number ("mailing", "address-2", "shipping-3"). */
function variantSetId(set: AddressSet, taken: Set<string>): string {
  const base = `${set.qualifier === 'none' ? 'address' : set.qualifier}${set.set === null ? '' : `-${set.set}`}`;
  let id = base;
  for (let n = 2; taken.has(id); n += 1) id = `${base}-${n}`;
  taken.add(id);
  return id;
}
