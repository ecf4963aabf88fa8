/**
 * Named readings of a header that several rules in column-rules.ts share ("is a phone header",
 * "belongs to an address block", "names an id"). Each is a plain question about the column's header
 * concepts, tokens and value profile; the rules combine them.
 */
import type { Context } from './column-rule-context.ts';
import { conceptOf, numberAfter, type Concept } from './header-tokens.ts';
import { HOUSE_NUMBER_SHARE, KEY_SHARE, NAMES_IN_ID_COLUMN, PEOPLE_OR_BUSINESSES } from './thresholds.ts';
import { share, type ColumnProfile } from './value-shapes.ts';

/** Reads a column once: every rule asks the same questions of it, so each answer is kept per column. */
function once<T>(read: (x: Context) => T): (x: Context) => T {
  const answers = new WeakMap<Context, T>();
  return (x) => {
    if (answers.has(x)) return answers.get(x) as T;
    const answer = read(x);
    answers.set(x, answer);
    return answer;
  };
}

/** The header has any of the concepts. */
export function has(x: Context, ...concepts: Concept[]): boolean {
  for (const concept of concepts) if (x.concepts.has(concept)) return true;
  return false;
}
/** Share of the filled cells with a shape, 0 when nothing is filled. */
export const shareOf = (x: Context, count: (p: ColumnProfile) => number): number => share(x.profile, count(x.profile));
/** Some cells filled and at least `min` of them of the shape. */
export const mostly = (x: Context, count: (p: ColumnProfile) => number, min: number): boolean =>
  x.profile.filled > 0 && shareOf(x, count) >= min;

const ADDRESS_PARTS: Concept[] = ['address', 'street', 'line', 'line2', 'city', 'st', 'state', 'zip', 'zip4', 'postal', 'box', 'formatted', 'house', 'csz'];

// ── Phones ────────────────────────────────────────────────────────────────────────────────────
export const isPhoneHeader = once((x: Context): boolean =>
  has(x, 'phone', 'mobile', 'fax', 'pager', 'toll') || (has(x, 'direct') && has(x, 'number', 'line')));
/** "Car Phone", "TTY/TDD", "Callback": lines that never reach the business's desk. */
export const isOtherLine = (x: Context): boolean =>
  has(x, 'person_other') || x.tokens.tokens.some((w) => ['car', 'radio', 'tty', 'tdd', 'isdn', 'callback'].includes(w));
/** "Phone 2", "Telephone 3", "Land Line 2", or the parser's "Phone (2)". */
export const phoneNumber = (x: Context): number | null =>
  numberAfter(x.tokens.tokens, ['phone', 'telephone', 'tel', 'phn', 'ph', 'landline', 'land']) ?? x.tokens.duplicateIndex;

// ── Place labels ──────────────────────────────────────────────────────────────────────────────
/** "Location", "Office Location", "Organization 1 - Location": a site word and no address part. */
export const isPlaceLabel = once((x: Context): boolean =>
  has(x, 'q_site') && !has(x, 'name', 'code') && !ADDRESS_PARTS.some((part) => has(x, part)));

// ── Addresses ─────────────────────────────────────────────────────────────────────────────────
/** "Addr 1 - Contact Name": a person inside an address block, named only by the block's label. */
const isPersonInBlock = (x: Context): boolean =>
  has(x, 'contact', 'attn') && has(x, 'name') && !ADDRESS_PARTS.some((part) => part !== 'address' && has(x, part));
/** An address part, or a code of a qualified set ("Billing Code"). */
export const isAddressHeader = once((x: Context): boolean =>
  !isPersonInBlock(x) && (ADDRESS_PARTS.some((part) => has(x, part)) || (has(x, 'code') && x.qualifier !== 'none')));
/** Words naming a street line in any language. */
export const isStreetish = once((x: Context): boolean => has(x, 'address', 'street', 'line', 'line2', 'formatted'));
/** "Zip", "Postal Code", "Code postal", but not "Postal Address". */
export const isZipHeader = (x: Context): boolean =>
  has(x, 'zip') || (has(x, 'postal', 'code') && (!has(x, 'address') || has(x, 'code')));
/** "PREM_ST_NBR" / "PREM_ST_NM": ST abbreviates street when a number or a name follows it. */
export const isStreetAbbreviation = (x: Context): boolean =>
  has(x, 'st') && !has(x, 'state', 'code') && has(x, 'number', 'name');
/** A PO box column that is only the box's own zip, city or state ("PO Box City") is read as that part. */
const boxOwnPart = (x: Context): boolean => has(x, 'zip', 'postal', 'city', 'state', 'st') && !boxInsideSet(x);
export const boxInsideSet = (x: Context): boolean => has(x, 'address', 'street', 'line', 'house', 'formatted');
export const isPoBox = (x: Context): boolean => has(x, 'box') && !boxOwnPart(x);
/** "Svc Addr #": a number sign after an address word, over numbers. */
export const isAddressNumber = (x: Context): boolean =>
  (has(x, 'street') && has(x, 'number')) || (has(x, 'address') && has(x, 'number') && mostly(x, (p) => p.numeric, HOUSE_NUMBER_SHARE));

const isStreetWord = (token: string) => ['address', 'street', 'line'].includes(conceptOf(token) ?? '');

/** Line and set numbers: "Address Line 2" is line 2; "Address 1 - City" and "Ship to City 1" are set 1. */
function lineAndSet(tokens: string[]): { line: number; set: number | null } {
  const lineAt = tokens.findIndex((t) => conceptOf(t) === 'line');
  if (lineAt >= 0) {
    const line = numberAfter(tokens.slice(lineAt)) ?? 1;
    const before = tokens.slice(0, lineAt).find((t) => /^\d{1,2}$/.test(t));
    return { line, set: before === undefined ? null : Number(before) };
  }
  // "ZIP5"/"ZIP 4" name the zip's length, not a set.
  const isCount = (t: string, i: number) => /^\d{1,2}$/.test(t) && tokens[i - 1] !== 'zip' && tokens[i - 1] !== 'plus';
  const numberAt = tokens.findIndex(isCount);
  if (numberAt < 0) return { line: 1, set: null };
  // "Address 1: Street 2" (Dynamics) and "Address 2 Street 1" (Keap): set number, then line number.
  const lastAt = tokens.length - 1;
  if (lastAt > numberAt && isCount(tokens[lastAt] ?? '', lastAt) && isStreetWord(tokens[lastAt - 1] ?? '')) {
    return { line: Number(tokens[lastAt]), set: Number(tokens[numberAt]) };
  }
  const n = Number(tokens[numberAt]);
  const streetBefore = tokens.slice(0, numberAt).some(isStreetWord);
  const componentAfter = tokens.slice(numberAt + 1).length > 0;
  if (streetBefore && !componentAfter) return { line: n, set: null };
  return { line: 1, set: n };
}
const lineAndSetOf = once((x: Context) => lineAndSet(x.tokens.tokens));
export const streetLine = (x: Context): number => lineAndSetOf(x).line;
/** The numbered address set the column belongs to, for every address part. */
export const inSet = (x: Context) => ({ setNumber: lineAndSetOf(x).set });

// ── Identifiers ───────────────────────────────────────────────────────────────────────────────
/** Whose id it is: an account, customer, record, member, organisation, or a site. */
const idSubject = (x: Context): boolean =>
  has(x, 'account', 'customer', 'crm_record', 'contact', 'member', 'org', 'company') || x.qualifier === 'site';
/** A distinct code on every filled row: a key, not a counter or a category. */
export const isKeyColumn = (x: Context): boolean =>
  mostly(x, (p) => p.key, KEY_SHARE) && x.profile.distinct === x.profile.filled;
/** "Id", "DUNS", "Customer No", "Código cliente", or a bare "Acct" of distinct codes; never a name. */
export const isIdHeader = once((x: Context): boolean => {
  // "Customer Code", "Código cliente", "Codice cliente": a code of the customer is its number.
  const numbered = has(x, 'number') || (has(x, 'code') && !has(x, 'postal', 'zip'));
  const bareAccount = has(x, 'account') && !has(x, 'name') && isKeyColumn(x);
  return !has(x, 'name') && (has(x, 'id', 'duns') || (numbered && idSubject(x)) || bareAccount);
});
/** Names in an "id" column mean the header lies; the values decide. */
export const idHoldsIds = (x: Context): boolean =>
  !(x.profile.filled > 0 && shareOf(x, (p) => p.person + p.business) > NAMES_IN_ID_COLUMN);
export const isAccountId = (x: Context): boolean => isIdHeader(x) && has(x, 'account', 'customer');

// ── Names ─────────────────────────────────────────────────────────────────────────────────────
/** Names on a ship-to, home or "other" line are someone else than the lead's decision maker. */
export const isElsewhere = (x: Context): boolean => x.qualifier === 'shipping' || x.qualifier === 'home' || has(x, 'other');
/** "Contact", "Owner", "Attn", "Full Name": a person's name column. */
export const isPersonHeader = once((x: Context): boolean => has(x, 'contact', 'owner', 'attn', 'full'));
/** A name column whose header does not say whose name it is: the values decide. */
export const isGenericName = (x: Context): boolean => has(x, 'customer', 'member', 'name', 'account');
export const looksPersonal = (x: Context): boolean =>
  x.profile.person > x.profile.business && shareOf(x, (p) => p.person) >= PEOPLE_OR_BUSINESSES;
