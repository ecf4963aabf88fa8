import type { CanonicalLead, RowVariant } from '@bej/leads';
import { cityKey, companyKey, normalisePhone, splitOneLineAddress, stateKey, streetKey, zipKey } from '@bej/leads';
import { accountIdKey, type DirectoryIndex, type IndexedRecord } from './directory-index.ts';

/** Why a record matched, strongest first (CONTRACT section 8 plus the account-id extension). */
export const MATCH_CRITERIA = ['phone', 'company', 'street', 'account_id'] as const;
export type MatchCriterion = (typeof MATCH_CRITERIA)[number];

/** Comparison keys of everything one pass may look up. */
export interface MatchProbe {
  phones: string[];
  companies: string[];
  streets: string[];
  zips: string[];
  places: Array<{ city: string; state: string }>;
  accountIds: string[];
}

export interface DirectoryMatch {
  record: IndexedRecord;
  criteria: MatchCriterion[];
  /** How many records any lookup brought up, for the trace. */
  candidateCount: number;
}

/** The first pass: the lead's own fields only. */
export function primaryProbe(lead: CanonicalLead): MatchProbe {
  const city = cityKey(lead.city);
  const state = stateKey(lead.state);
  const probe: MatchProbe = {
    phones: present([normalisePhone(lead.number1), normalisePhone(lead.number2)]),
    companies: present([companyKey(lead.company)]),
    streets: present([streetKey(lead.street)]),
    zips: present([zipKey(lead.zip)]),
    places: city !== null && state !== null ? [{ city, state }] : [],
    accountIds: [],
  };
  addOneLineAddress(probe, lead.street);
  return probe;
}

/**
 * A street that is a whole one-line address ("455 Elm St, Dayton, OH 45402": scraped listings,
 * "Full Address" cells) also carries the zip and city the company and street rules need.
 */
function addOneLineAddress(probe: MatchProbe, street: string | null): void {
  const parts = splitOneLineAddress(street);
  if (parts === null) return;
  probe.streets.push(...present([streetKey(parts.street)]));
  probe.zips.push(...present([zipKey(parts.zip)]));
  const city = cityKey(parts.city);
  if (city !== null) probe.places.push({ city, state: parts.state });
}

/**
 * The supplement pass: the lead's fields and the variants pooled, so a
 * variant name is tried against the lead's location and the variant
 * location, and a variant street against the variant zip and the lead's.
 * It runs only after the primary pass failed, so any match it finds
 * necessarily rests on at least one variant value.
 */
export function supplementProbe(lead: CanonicalLead, variants: RowVariant[]): MatchProbe {
  const probe = primaryProbe(lead);
  const cities = present([cityKey(lead.city)]);
  const states = present([stateKey(lead.state)]);
  for (const variant of variants) {
    const value = variant.value;
    if (variant.kind === 'phone') probe.phones.push(...present([normalisePhone(value)]));
    else if (variant.kind === 'company') probe.companies.push(...present([companyKey(value)]));
    else if (variant.kind === 'street') {
      probe.streets.push(...present([streetKey(value)]));
      addOneLineAddress(probe, value);
    } else if (variant.kind === 'zip') probe.zips.push(...present([zipKey(value)]));
    else if (variant.kind === 'city') cities.push(...present([cityKey(value)]));
    else if (variant.kind === 'state') states.push(...present([stateKey(value)]));
    else if (variant.kind === 'account_id') probe.accountIds.push(...present([accountIdKey(value)]));
  }
  probe.streets.push(...present(mergedStreetLines(variants).map(streetKey)));
  probe.accountIds.push(...present([rowKeyAsAccountId(lead.contact_id)]));
  // Keep places read from one-line addresses; duplicates of the lead's own place are harmless.
  probe.places = [...probe.places, ...cities.flatMap((city) => states.map((state) => ({ city, state })))];
  return probe;
}

/**
 * A variant address set lists every street line as its own variant ("Mailing Street", "Mailing
 * Street 2"). Each line is tried alone above (line 1 is enough when line 2 is a suite, which
 * streetKey sets aside, and a line 2 that holds the street is tried alone too); when the street
 * only reads whole across lines ("100" + "Main St"), line 1 merged with the lines after it is. Lines are
 * consecutive street variants in mapping order; a merge that mixes two sets yields a key no
 * record has, which costs nothing.
 */
function mergedStreetLines(variants: RowVariant[]): string[] {
  const merged: string[] = [];
  let run: string[] = [];
  const flush = () => {
    for (let end = 2; end <= run.length; end += 1) merged.push(run.slice(0, end).join(' '));
    run = [];
  };
  for (const variant of variants) {
    if (variant.kind === 'street') run.push(variant.value);
    else flush();
  }
  flush();
  return merged;
}

// Shorter keys ("17", "A-9") are row counters as often as account numbers; a false match costs a billed row.
const MIN_ROW_KEY_CHARACTERS = 5;

/**
 * Utility and billing extracts key their rows by the account number ("ACCTNO", "Member No"), so the
 * mapping makes it the contact_id rather than a variant. The supplement pass still tries it as an
 * account id; a hashed contact_id (`h_…`, no id column) never is, and short counters are left out.
 */
function rowKeyAsAccountId(contactId: string): string | null {
  if (contactId.startsWith('h_')) return null;
  const key = accountIdKey(contactId);
  return key.replace(/[^0-9A-Z]/g, '').length >= MIN_ROW_KEY_CHARACTERS ? key : null;
}

/** Whether a supplement probe holds any key the primary probe did not: otherwise the pass repeats the primary. */
export function addsLookups(primary: MatchProbe, supplement: MatchProbe): boolean {
  const fresh = (before: string[], after: string[]) => after.some((key) => !before.includes(key));
  const placeKey = (place: { city: string; state: string }) => `${place.city}|${place.state}`;
  return (
    fresh(primary.phones, supplement.phones) ||
    fresh(primary.companies, supplement.companies) ||
    fresh(primary.streets, supplement.streets) ||
    fresh(primary.zips, supplement.zips) ||
    fresh(primary.places.map(placeKey), supplement.places.map(placeKey)) ||
    fresh(primary.accountIds, supplement.accountIds)
  );
}

/** Best record for a probe: most criteria, then the strongest criterion, then file order. Null when none matches. */
export function findBestMatch(index: DirectoryIndex, probe: MatchProbe): DirectoryMatch | null {
  const candidates = new Set<IndexedRecord>();
  const collect = (map: Map<string, IndexedRecord[]>, key: string) => map.get(key)?.forEach((record) => candidates.add(record));
  probe.phones.forEach((phone) => collect(index.byPhone, phone));
  probe.companies.forEach((company) => collect(index.byCompany, company));
  probe.streets.forEach((street) => probe.zips.forEach((zip) => collect(index.byStreetZip, `${street}|${zip}`)));
  probe.accountIds.forEach((accountId) => collect(index.byAccountId, accountId));

  let best: DirectoryMatch | null = null;
  for (const record of candidates) {
    const criteria = criteriaMet(record, probe);
    if (criteria.length === 0) continue;
    const match = { record, criteria, candidateCount: candidates.size };
    if (best === null || isBetter(match, best)) best = match;
  }
  return best;
}

function criteriaMet(record: IndexedRecord, probe: MatchProbe): MatchCriterion[] {
  const zipAgrees = record.zip !== null && probe.zips.includes(record.zip);
  const placeAgrees = probe.places.some((place) => place.city === record.city && place.state === record.state);
  const met: MatchCriterion[] = [];
  if (probe.phones.some((phone) => record.phones.has(phone))) met.push('phone');
  if (probe.companies.some((company) => record.companies.has(company)) && (zipAgrees || placeAgrees)) met.push('company');
  if (record.street !== null && probe.streets.includes(record.street) && zipAgrees) met.push('street');
  if (probe.accountIds.some((accountId) => record.accountIds.has(accountId))) met.push('account_id');
  return met;
}

function isBetter(challenger: DirectoryMatch, holder: DirectoryMatch): boolean {
  if (challenger.criteria.length !== holder.criteria.length) return challenger.criteria.length > holder.criteria.length;
  const strongest = (match: DirectoryMatch) => Math.min(...match.criteria.map((criterion) => MATCH_CRITERIA.indexOf(criterion)));
  if (strongest(challenger) !== strongest(holder)) return strongest(challenger) < strongest(holder);
  return challenger.record.ordinal < holder.record.ordinal;
}

function present(values: Array<string | null>): string[] {
  return values.filter((value): value is string => value !== null && value !== '');
}
