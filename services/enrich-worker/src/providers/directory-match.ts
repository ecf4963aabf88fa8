import type { DirectoryIndex, IndexedRecord } from './directory-index.ts';
import type { MatchProbe } from './directory-probe.ts';

export { addsLookups, primaryProbe, supplementProbe, type MatchProbe, type ProbeAddress } from './directory-probe.ts';

/** Why a record matched, strongest first (docs/directory.md, Matching). */
const MATCH_CRITERIA = ['phone', 'company', 'street', 'account_id'] as const;
export type MatchCriterion = (typeof MATCH_CRITERIA)[number];

export interface DirectoryMatch {
  record: IndexedRecord;
  criteria: MatchCriterion[];
  /** How many records any lookup brought up, for the trace. */
  candidateCount: number;
}

/** Best record for a probe: most criteria, then the strongest criterion, then file order. Null when none matches. */
export function findBestMatch(index: DirectoryIndex, probe: MatchProbe): DirectoryMatch | null {
  const candidates = new Set<IndexedRecord>();
  const collect = (map: Map<string, IndexedRecord[]>, key: string) => map.get(key)?.forEach((record) => candidates.add(record));
  probe.phones.forEach((phone) => collect(index.byPhone, phone));
  probe.companies.forEach((company) => collect(index.byCompany, company));
  // A street is looked up only with the zip of its own address set.
  for (const address of probe.addresses) {
    address.streets.forEach((street) => address.zips.forEach((zip) => collect(index.byStreetZip, `${street}|${zip}`)));
  }
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
  const zipAgrees = (zips: string[]) => record.zip !== null && zips.includes(record.zip);
  // Any one address of the lead locates the business for a name: its zip, or its own city and state.
  const located = probe.addresses.some(
    (address) => zipAgrees(address.zips) || address.places.some((place) => place.city === record.city && place.state === record.state),
  );
  const met: MatchCriterion[] = [];
  if (probe.phones.some((phone) => record.phones.has(phone))) met.push('phone');
  if (probe.companies.some((company) => record.companies.has(company)) && located) met.push('company');
  const street = record.street;
  if (street !== null && probe.addresses.some((address) => address.streets.includes(street) && zipAgrees(address.zips))) met.push('street');
  if (probe.accountIds.some((accountId) => record.accountIds.has(accountId))) met.push('account_id');
  return met;
}

function isBetter(challenger: DirectoryMatch, holder: DirectoryMatch): boolean {
  if (challenger.criteria.length !== holder.criteria.length) return challenger.criteria.length > holder.criteria.length;
  const strongest = (match: DirectoryMatch) => Math.min(...match.criteria.map((criterion) => MATCH_CRITERIA.indexOf(criterion)));
  if (strongest(challenger) !== strongest(holder)) return strongest(challenger) < strongest(holder);
  return challenger.record.ordinal < holder.record.ordinal;
}
