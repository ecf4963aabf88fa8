import type { CanonicalField, ColumnAssignments, FieldDecision, MappingDecision, SearchVariantColumn, VariantKind } from '../types.ts';
import { chooseAddresses } from './address-sets.ts';
import { buildChatLabel } from './chat-label.ts';
import type { ColumnClass, NameKind } from './column-class.ts';
import { PERSON_RANK, PHONE_RANK_CALLABLE } from './ranks.ts';

type Picked = Partial<Record<CanonicalField, ColumnClass[]>>;
interface Variant {
  column: ColumnClass;
  kind: VariantKind;
  /** Address variants only: the address set the column belongs to (address-sets.ts). */
  set?: string;
}

// Filled columns first: an empty "Business Phone 2" should not push a filled mobile out of number2.
const byRank = (a: ColumnClass, b: ColumnClass) =>
  a.rank - b.rank || (b.filled > 0 ? 1 : 0) - (a.filled > 0 ? 1 : 0) || a.index - b.index;
const filledFirst = (a: ColumnClass, b: ColumnClass) => (b.filled > 0 ? 1 : 0) - (a.filled > 0 ? 1 : 0);

function ofRole(classes: ColumnClass[], role: ColumnClass['role']): ColumnClass[] {
  return classes.filter((column) => column.role === role);
}

function choosePhones(classes: ColumnClass[], picked: Picked, variants: Variant[]): void {
  const phones = ofRole(classes, 'phone');
  const callable = phones.filter((p) => !p.variantOnly).sort((a, b) => filledFirst(a, b) || byRank(a, b));
  const [first, second] = callable;
  if (first) picked.number1 = [first];
  if (second && (second.filled > 0 || first?.filled === 0) && second.rank <= PHONE_RANK_CALLABLE) picked.number2 = [second];
  const used = new Set([first, picked.number2?.[0]]);
  for (const phone of phones) if (!used.has(phone)) variants.push({ column: phone, kind: 'phone' });
}

// With no plain name column, the registered name ("Raison sociale", "LEGAL NAME") names the entity
// the row is about; a trade name can change or be shared by branches, so it is searched as a variant.
const VARIANT_NAME_PRIORITY: NameKind[] = ['legal', 'dba', 'billing'];

function chooseCompany(classes: ColumnClass[], picked: Picked, variants: Variant[]): void {
  const names = ofRole(classes, 'company');
  const primaries = names.filter((n) => n.nameKind === 'primary').sort(byRank);
  // A DBA or legal name is the business name when nothing else names the business.
  const fallback = [...names].sort(
    (a, b) => VARIANT_NAME_PRIORITY.indexOf(a.nameKind ?? 'billing') - VARIANT_NAME_PRIORITY.indexOf(b.nameKind ?? 'billing') || a.index - b.index,
  );
  const chosen = primaries[0] ?? fallback[0];
  if (!chosen) return;
  picked.company = [chosen];
  for (const name of names) if (name !== chosen) variants.push({ column: name, kind: 'company' });
}

function choosePerson(classes: ColumnClass[], picked: Picked): void {
  const full = ofRole(classes, 'person_full').sort(byRank);
  const first = ofRole(classes, 'person_first').sort(byRank)[0];
  const last = ofRole(classes, 'person_last').sort(byRank)[0];
  const pair = [first, last].filter((c): c is ColumnClass => c !== undefined);
  const bestFull = full.find((c) => c.filled > 0) ?? full[0];
  // A full-name column wins over first + last, unless it is only an "attention" line.
  if (bestFull && (pair.length === 0 || bestFull.rank < PERSON_RANK.pair || pair.every((c) => c.filled === 0))) {
    picked.dm_name = [bestFull];
  } else if (pair.length > 0) {
    picked.dm_name = pair;
  }
}

function chooseContactId(classes: ColumnClass[], picked: Picked, variants: Variant[]): void {
  const ids = ofRole(classes, 'contact_id').sort(byRank);
  // An id column with nothing in it cannot key rows; the contact id is then hashed.
  const chosen = ids.find((id) => id.filled > 0);
  if (chosen) picked.contact_id = [chosen];
  // Account numbers and site ids (premise, service point, location) identify the business to a
  // directory keyed by them; a CRM's own record key or a company registry number does not.
  const searchable = (id: ColumnClass) => id.idKind === 'account' || id.idKind === 'site';
  for (const id of ids) if (id !== chosen && searchable(id)) variants.push({ column: id, kind: 'account_id' });
}

function decision(columns: ColumnClass[], note: string): FieldDecision {
  const confidence = Math.min(...columns.map((c) => c.confidence));
  const reason = columns.map((c) => c.reason).join(' + ') + (note ? `; ${note}` : '');
  return { headers: columns.map((c) => c.header), confidence, reason };
}

/** Turns classified columns into one mapping: primary fields, search variants, chat label. */
export function assembleMapping(classes: ColumnClass[]): MappingDecision {
  const picked: Picked = {};
  const variants: Variant[] = [];
  chooseContactId(classes, picked, variants);
  chooseCompany(classes, picked, variants);
  const address = chooseAddresses(classes);
  Object.assign(picked, address.fields);
  variants.push(...address.variants);
  choosePhones(classes, picked, variants);
  choosePerson(classes, picked);

  const columns: ColumnAssignments = {};
  const fields: MappingDecision['fields'] = {};
  for (const [field, chosen] of Object.entries(picked) as [CanonicalField, ColumnClass[]][]) {
    const headers = chosen.map((c) => c.header);
    columns[field] = headers.length === 1 ? (headers[0] as string) : headers;
    const isAddress = field === 'street' || field === 'city' || field === 'state' || field === 'zip';
    fields[field] = decision(chosen, isAddress ? address.note : '');
  }
  const search_variants: SearchVariantColumn[] = variants
    .sort((a, b) => a.column.index - b.column.index)
    .map((v) => (v.set === undefined ? { header: v.column.header, kind: v.kind } : { header: v.column.header, kind: v.kind, set: v.set }));
  return { columns, search_variants, chat_label: buildChatLabel(columns), fields };
}
