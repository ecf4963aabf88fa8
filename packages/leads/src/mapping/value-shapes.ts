import { BUSINESS_MARKERS, BUSINESS_WORDS, FIRST_NAMES, US_STATE_CODES, US_STATE_NAMES } from './name-lexicon.ts';

/** What the sample values of one column look like, as counts over its non-blank cells. */
export interface ColumnProfile {
  filled: number;
  total: number;
  phone: number;
  zip: number;
  /** Five digits or ZIP+4 with its dash: the spellings that are zips even without a header saying so. */
  zip5: number;
  /** Exactly four digits: a zip+4 extension or a zip that lost its leading zero. */
  fourDigits: number;
  state: number;
  street: number;
  line2: number;
  combinedAddress: number;
  /** "Dayton, OH 45402": the last line of an address in one cell. */
  cityStateZip: number;
  /** "CHURCH ST", "N 3rd Ave": a street without its house number (split-street extracts). */
  streetName: number;
  business: number;
  person: number;
  /** Two or three plain words with no business or mail-routing word: a name, if the header says so. */
  nameShaped: number;
  singleWord: number;
  text: number;
  numeric: number;
  email: number;
  url: number;
  date: number;
  /** GUIDs such as Dynamics and Salesforce-style systems use as row keys. */
  guid: number;
  /** Distinct non-blank values: a row key repeats nothing. */
  distinct: number;
  /** One token of five or more letters and digits, with a digit: an identifier, not a counter ("1", "12"). */
  key: number;
}

const STREET_SUFFIX =
  /\b(st|street|ave|av|avenue|rd|road|blvd|boulevard|dr|drive|ln|lane|way|ct|court|pl|place|pkwy|parkway|hwy|highway|route|rte|cir|circle|ter|terrace|trl|trail|broadway|sq|square|plaza|pike|tpke|turnpike|loop|row|run|path|pass|expy|fwy|sw|se|ne|nw)\b\.?/i;
const HOUSE_NUMBER = /^\d+[A-Za-z]?(?:-\d+)?\s+\S/;
const PO_BOX = /^p\.?\s*o\.?\s*box\b|^post office box\b/i;
const LINE2 = /^(?:suite|ste|unit|apt|apartment|bldg|building|floor|fl|room|rm|dept)\b\.?\s*\S|^#\s*\w+$/i;
const CITY_STATE_ZIP = /^[A-Za-z][A-Za-z .'-]*,?\s+[A-Za-z]{2}\.?,?\s+\d{5}(?:-?\d{4})?$/;
const STATE_ZIP_TAIL = /\b([A-Z]{2})\.?,?\s+\d{5}(?:-\d{4})?\b/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[a-z]{2,}$/i;
const URL = /^(?:https?:\/\/|www\.)\S+$|^[a-z0-9-]+\.(?:com|net|org|biz|us|info|co)(?:\/\S*)?$/i;
const DATE = /^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}(?:[ T]\d{1,2}:\d{2}.*)?$|^\d{8}$/;
const GUID = /^\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?$/i;
const KEY = /^(?=[^\s]*\d)[0-9A-Za-z][0-9A-Za-z\-_./]*$/;
const NUMERIC = /^[-+$]?\d[\d,]*(?:\.\d+)?%?$/;

/** Ten-digit NANP number (optionally +1/1, any punctuation, an extension). */
export function looksLikePhone(value: string): boolean {
  const withoutExtension = value.replace(/\s*(?:ext\.?|x|#)\s*\d{1,6}$/i, '');
  if (!/^[\d\s().+-]+$/.test(withoutExtension)) return false;
  let digits = withoutExtension.replace(/\D/g, '');
  if (digits.length === 11 && digits.startsWith('1')) digits = digits.slice(1);
  return digits.length === 10 && /^[2-9]\d{2}[2-9]/.test(digits);
}

/** 5-digit or ZIP+4, or a four-digit zip whose leading zero a spreadsheet dropped. */
export function looksLikeZip(value: string): boolean {
  return /^\d{5}(?:-?\d{4})?$/.test(value) || /^\d{4}$/.test(value);
}

export function looksLikeState(value: string): boolean {
  const trimmed = value.trim().replace(/\.$/, '');
  return US_STATE_CODES.has(trimmed.toUpperCase()) && trimmed.length === 2
    ? true
    : US_STATE_NAMES.has(trimmed.toLowerCase());
}

/** "123 Main St", "4500 N Route 9", "PO Box 12". */
export function looksLikeStreet(value: string): boolean {
  if (PO_BOX.test(value)) return true;
  return HOUSE_NUMBER.test(value) && STREET_SUFFIX.test(value.replace(/^\d+\S*\s+/, ''));
}

/** A street name with no house number in front: "CHURCH ST", "W Superior St". */
function looksLikeStreetName(value: string): boolean {
  return /^[A-Za-z][A-Za-z0-9 .'-]*$/.test(value) && !HOUSE_NUMBER.test(value) && STREET_SUFFIX.test(value) && value.trim().split(/\s+/).length >= 2;
}

/** "123 Main St, Springfield, IL 62701" in one cell (commas or line breaks). */
export function looksLikeCombinedAddress(value: string): boolean {
  return looksLikeStreet(value.split(/[,\n]/)[0] ?? '') && STATE_ZIP_TAIL.test(value);
}

export function looksLikeBusinessName(value: string): boolean {
  if (BUSINESS_MARKERS.test(value)) return true;
  return value
    .toLowerCase()
    .split(/[^a-z']+/)
    .some((word) => BUSINESS_WORDS.has(word));
}

/** "Dana Haney", "HANEY, DANA", "Dana J. Haney": a known given name and no business word. */
export function looksLikePersonName(value: string): boolean {
  if (looksLikeBusinessName(value)) return false;
  const comma = /^([A-Za-z'’-]+),\s*([A-Za-z'’-]+)/.exec(value);
  const words = value.trim().split(/\s+/);
  if (comma) return FIRST_NAMES.has((comma[2] ?? '').toLowerCase());
  if (words.length < 2 || words.length > 4) return false;
  if (!words.every((word) => /^[A-Za-z][A-Za-z'’.-]*$/.test(word))) return false;
  return FIRST_NAMES.has((words[0] ?? '').toLowerCase().replace(/\.$/, ''));
}

// Attention lines route mail to a desk ("ACCOUNTS PAYABLE", "ATTN HYUN PARK", "C/O ...") as often as to a person.
const ROUTING = /\b(?:attn|attention|c\/o|care|accounts?|payable|receivable|billing|dept|department|office|manager|owner)\b/i;

function looksNameShaped(value: string): boolean {
  const words = value.trim().split(/\s+/);
  if (words.length < 2 || words.length > 3 || ROUTING.test(value) || looksLikeBusinessName(value)) return false;
  return words.every((word) => /^[A-Za-z][A-Za-z'’.-]*$/.test(word));
}

function isText(value: string): boolean {
  return /[A-Za-z]{2}/.test(value) && !EMAIL.test(value) && !URL.test(value) && !DATE.test(value);
}

/** Profiles one column over the sample rows; blank cells only count towards `total`. */
export function profileColumn(values: string[]): ColumnProfile {
  const profile: ColumnProfile = {
    filled: 0, total: values.length, phone: 0, zip: 0, zip5: 0, fourDigits: 0, guid: 0, state: 0, street: 0, line2: 0,
    combinedAddress: 0, cityStateZip: 0, streetName: 0, business: 0, person: 0, nameShaped: 0, singleWord: 0, text: 0, numeric: 0, email: 0, url: 0, date: 0,
    distinct: 0, key: 0,
  };
  const seen = new Set<string>();
  for (const raw of values) {
    const value = raw.trim();
    if (value === '') continue;
    profile.filled += 1;
    seen.add(value);
    if (looksLikePhone(value)) profile.phone += 1;
    if (looksLikeZip(value)) profile.zip += 1;
    if (/^\d{5}(?:-\d{4})?$/.test(value)) profile.zip5 += 1;
    if (/^\d{4}$/.test(value)) profile.fourDigits += 1;
    if (GUID.test(value)) profile.guid += 1;
    if (looksLikeState(value)) profile.state += 1;
    if (looksLikeStreet(value)) profile.street += 1;
    if (LINE2.test(value)) profile.line2 += 1;
    if (looksLikeCombinedAddress(value)) profile.combinedAddress += 1;
    if (CITY_STATE_ZIP.test(value)) profile.cityStateZip += 1;
    if (looksLikeStreetName(value)) profile.streetName += 1;
    if (isText(value) && looksLikeBusinessName(value)) profile.business += 1;
    if (looksLikePersonName(value)) profile.person += 1;
    if (looksNameShaped(value)) profile.nameShaped += 1;
    if (/^[A-Za-z][A-Za-z'’-]*$/.test(value)) profile.singleWord += 1;
    if (isText(value)) profile.text += 1;
    if (NUMERIC.test(value)) profile.numeric += 1;
    if (EMAIL.test(value)) profile.email += 1;
    if (URL.test(value)) profile.url += 1;
    if (DATE.test(value)) profile.date += 1;
    if (KEY.test(value) && value.replace(/[^0-9A-Za-z]/g, '').length >= 5) profile.key += 1;
  }
  profile.distinct = seen.size;
  return profile;
}

/** Share of filled cells with a shape; 0 for an empty column. */
export function share(profile: ColumnProfile, count: number): number {
  return profile.filled === 0 ? 0 : count / profile.filled;
}

/** "(9/10)" style evidence for reasons: counts only, never values. */
export function evidence(profile: ColumnProfile, count: number): string {
  return `(${count}/${profile.filled})`;
}
