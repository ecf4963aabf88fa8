/**
 * What one matching pass looks up: the lead's phones, names and account ids, and its addresses
 * kept as sets. docs/directory.md (Matching) matches a street only with the zip of the same address, and a
 * company only with a location that is one address's own, so streets, zips and places are never
 * pooled across sets: a primary street next to a shipping zip names no place at all.
 */
import type { CanonicalLead, RowVariant, VariantAddressSet } from '@bej/leads';
import { cityKey, companyKey, normalisePhone, splitOneLineAddress, stateKey, streetKey, variantAddressSets, zipKey } from '@bej/leads';
import { accountIdKey } from './directory-index.ts';

interface Place {
  city: string;
  state: string;
}

/** One address of the lead: its street keys (lines alone and merged), its zip and its city + state. */
export interface ProbeAddress {
  streets: string[];
  zips: string[];
  places: Place[];
}

/** Comparison keys of everything one pass may look up. Every company is tried with every address's location. */
export interface MatchProbe {
  phones: string[];
  companies: string[];
  addresses: ProbeAddress[];
  accountIds: string[];
}

/** The first pass: the lead's own fields only. */
export function primaryProbe(lead: CanonicalLead): MatchProbe {
  const primary = primaryAddress(lead);
  return {
    phones: present([normalisePhone(lead.number1), normalisePhone(lead.number2)]),
    companies: present([companyKey(lead.company)]),
    addresses: [primary, ...oneLineAddress(lead.street, primary)],
    accountIds: [],
  };
}

function primaryAddress(lead: CanonicalLead): ProbeAddress {
  const city = cityKey(lead.city);
  const state = stateKey(lead.state);
  return {
    streets: present([streetKey(lead.street)]),
    zips: present([zipKey(lead.zip)]),
    places: city !== null && state !== null ? [{ city, state }] : [],
  };
}

/**
 * A street that is a whole one-line address ("455 Elm St, Dayton, OH 45402": scraped listings,
 * "Full Address" cells) is an address set of its own: its street, zip and city come from the cell.
 */
function oneLineAddress(street: string | null, fallback: ProbeAddress): ProbeAddress[] {
  const parts = splitOneLineAddress(street);
  if (parts === null) return [];
  const city = cityKey(parts.city);
  return [{
    streets: present([streetKey(parts.street)]),
    zips: present([zipKey(parts.zip)]),
    places: city !== null ? [{ city, state: parts.state }] : fallback.places,
  }];
}

/**
 * A variant set's street pairs with its own zip; only a set with no zip borrows the lead's primary
 * zip (a "Mailing Street" column with no zip of its own is usually in the same town). Its city goes
 * with its own state, else the lead's. Each street line is tried alone (line 1 is enough when line 2
 * is a suite, which streetKey sets aside) and, for streets that only read whole across lines
 * ("100" + "Main St"), line 1 merged with the lines after it.
 */
function variantAddresses(set: VariantAddressSet, primary: ProbeAddress, lead: CanonicalLead): ProbeAddress[] {
  const merged = set.lines.slice(1).map((_, i) => set.lines.slice(0, i + 2).join(' '));
  const ownZip = present([zipKey(set.zip)]);
  // A set with only a city (or only a state) completes it with the lead's other half.
  const city = set.city === null && set.state !== null ? cityKey(lead.city) : cityKey(set.city);
  const state = set.state === null ? stateKey(lead.state) : stateKey(set.state);
  const address: ProbeAddress = {
    streets: present([...set.lines, ...merged].map(streetKey)),
    zips: set.zip === null ? primary.zips : ownZip,
    places: city !== null && state !== null ? [{ city, state }] : [],
  };
  return [address, ...set.lines.flatMap((line) => oneLineAddress(line, address))];
}

/**
 * The supplement pass: the lead's fields plus the variants. Variant names are tried with the
 * primary location and with each variant set's own; a variant street only with its own set's zip.
 * The sets are the mapping's (variantAddressSets), never guessed from column order here.
 * It runs only after the primary pass failed, so any match it finds rests on a variant value (or
 * on the row key tried as an account id).
 */
export function supplementProbe(lead: CanonicalLead, variants: RowVariant[]): MatchProbe {
  const probe = primaryProbe(lead);
  const primary = probe.addresses[0] ?? primaryAddress(lead);
  for (const variant of variants) {
    const value = variant.value;
    if (variant.kind === 'phone') probe.phones.push(...present([normalisePhone(value)]));
    else if (variant.kind === 'company') probe.companies.push(...present([companyKey(value)]));
    else if (variant.kind === 'account_id') probe.accountIds.push(...present([accountIdKey(value)]));
  }
  for (const set of variantAddressSets(variants)) probe.addresses.push(...variantAddresses(set, primary, lead));
  probe.accountIds.push(...present([rowKeyAsAccountId(lead.contact_id)]));
  return probe;
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

/** Every key a probe can look up, street and zip as the pairs it tries. */
function lookupKeys(probe: MatchProbe): Set<string> {
  const keys = new Set<string>();
  probe.phones.forEach((phone) => keys.add(`phone:${phone}`));
  probe.companies.forEach((company) => keys.add(`company:${company}`));
  probe.accountIds.forEach((id) => keys.add(`account:${id}`));
  for (const address of probe.addresses) {
    address.zips.forEach((zip) => keys.add(`zip:${zip}`));
    address.places.forEach((place) => keys.add(`place:${place.city}|${place.state}`));
    address.streets.forEach((street) => address.zips.forEach((zip) => keys.add(`street:${street}|${zip}`)));
  }
  return keys;
}

/** Whether a supplement probe holds any key the primary probe did not: otherwise the pass repeats the primary. */
export function addsLookups(primary: MatchProbe, supplement: MatchProbe): boolean {
  const before = lookupKeys(primary);
  return [...lookupKeys(supplement)].some((key) => !before.has(key));
}

/** Distinct street keys of a probe, for the trace. */
export function streetCount(probe: MatchProbe): number {
  return new Set(probe.addresses.flatMap((address) => address.streets)).size;
}

function present(values: Array<string | null>): string[] {
  return values.filter((value): value is string => value !== null && value !== '');
}
