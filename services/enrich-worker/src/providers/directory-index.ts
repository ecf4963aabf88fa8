import { readFile } from 'node:fs/promises';
import { cityKey, companyKey, normalisePhone, stateKey, streetKey, zipKey } from '@bej/leads';
import { directoryRecordSchema, type DirectoryRecord, type DirectoryRecordInput } from './directory-record.schema.ts';

/** A record with its comparison keys worked out once, at load. */
export interface IndexedRecord {
  /** 0-based position in the data set; the deterministic tie-break between equally good matches. */
  ordinal: number;
  record: DirectoryRecord;
  phones: ReadonlySet<string>;
  companies: ReadonlySet<string>;
  street: string | null;
  zip: string | null;
  city: string | null;
  state: string | null;
  accountIds: ReadonlySet<string>;
}

/** In-memory lookup tables over the directory, one per matching rule. */
export interface DirectoryIndex {
  records: IndexedRecord[];
  byPhone: Map<string, IndexedRecord[]>;
  byCompany: Map<string, IndexedRecord[]>;
  /** Keyed `streetKey|zipKey`. */
  byStreetZip: Map<string, IndexedRecord[]>;
  byAccountId: Map<string, IndexedRecord[]>;
}

/**
 * Reads the JSON Lines data set. A bad line stops the load with its line
 * number: serving matches from a half-read directory would quietly turn
 * billable matches into credited misses.
 */
export async function loadDirectory(path: string): Promise<DirectoryIndex> {
  const text = await readFile(path, 'utf8');
  return buildDirectoryIndex(parseDirectoryLines(text, path));
}

/** Validates every non-blank line; throws `<source> line <n>: <reason>` on the first bad one. */
export function parseDirectoryLines(text: string, source = 'directory'): DirectoryRecord[] {
  const records: DirectoryRecord[] = [];
  const lines = text.replace(/^\ufeff/, '').split(/\r?\n/);
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const lineNumber = index + 1;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (error) {
      throw new Error(`${source} line ${lineNumber}: not valid JSON (${(error as Error).message})`, { cause: error });
    }
    const parsed = directoryRecordSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
      throw new Error(`${source} line ${lineNumber}: invalid record${where}: ${issue?.message ?? 'unknown problem'}`);
    }
    records.push(parsed.data);
  });
  return records;
}

/** Builds the lookup tables; takes raw records too (the benchmark builds its directory in memory). */
export function buildDirectoryIndex(records: ReadonlyArray<DirectoryRecord | DirectoryRecordInput>): DirectoryIndex {
  const index: DirectoryIndex = { records: [], byPhone: new Map(), byCompany: new Map(), byStreetZip: new Map(), byAccountId: new Map() };
  records.forEach((raw, ordinal) => {
    const record = directoryRecordSchema.parse(raw);
    const indexed = indexRecord(record, ordinal);
    index.records.push(indexed);
    for (const phone of indexed.phones) addTo(index.byPhone, phone, indexed);
    for (const company of indexed.companies) addTo(index.byCompany, company, indexed);
    if (indexed.street !== null && indexed.zip !== null) addTo(index.byStreetZip, `${indexed.street}|${indexed.zip}`, indexed);
    for (const accountId of indexed.accountIds) addTo(index.byAccountId, accountId, indexed);
  });
  return index;
}

/** Account ids compare trimmed and case-insensitively: exports disagree on `acc-9` versus `ACC-9`. */
export function accountIdKey(value: string): string {
  return value.trim().toUpperCase();
}

function indexRecord(record: DirectoryRecord, ordinal: number): IndexedRecord {
  const phones = new Set<string>();
  for (const phone of [...record.phones.map((entry) => entry.number), ...record.contacts.flatMap((contact) => contact.phones)]) {
    const e164 = normalisePhone(phone);
    if (e164 !== null) phones.add(e164);
  }
  const companies = new Set([record.company, ...record.aliases].map(companyKey).filter((key) => key !== ''));
  return {
    ordinal,
    record,
    phones,
    companies,
    street: streetKey(record.street),
    zip: zipKey(record.zip),
    city: cityKey(record.city),
    state: stateKey(record.state),
    accountIds: new Set(record.account_ids.map(accountIdKey).filter((key) => key !== '')),
  };
}

function addTo(map: Map<string, IndexedRecord[]>, key: string, record: IndexedRecord): void {
  // Each record's keys are sets, so a record is never added twice under one key.
  const list = map.get(key);
  if (list === undefined) map.set(key, [record]);
  else list.push(record);
}
