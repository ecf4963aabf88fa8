/**
 * The header rules, as a table. Every rule whose `when` holds for a column is a candidate; the
 * one with the highest `priority` decides, and its `id` is written into the column's reason.
 *
 * To add a rule: write one entry with a unique id, the role it gives, a `when` built from the
 * readings in rule-predicates.ts, a priority between the rule it must beat and the rule that must
 * beat it, and at least one example (a header, optionally with sample values, and the role it must
 * give). column-rules.test.ts turns every example into a test that fails unless this rule wins it.
 * For instance, to search an "Emergency Phone" (someone else's line) only as a variant, it must beat
 * phone.main (900) and phone.home-other-toll-free (940):
 *
 *   { id: 'phone.emergency-contact', priority: 945, role: 'phone',
 *     when: (x) => isPhoneHeader(x) && x.tokens.tokens.includes('emergency'),
 *     confirm: phoneValues, evidence: PHONES, gives: phone(PHONE_RANK.otherLine, true),
 *     examples: [{ header: 'Emergency Phone', role: 'phone' }] },
 *
 * A new word the rules should know goes into the vocabulary (header-tokens.ts; phrases and
 * language-scoped words there too), not into a rule's `when`.
 *
 * `confirm` says which values must agree with the header: when they do not, the column is read
 * from its values alone (classify-by-values.ts). `evidence` is the value shape reported in the
 * reason and used for the confidence. `gives` adds what the column is beyond its role (rank, line,
 * address set, name or id kind); `why` says why an `ignore` rule drops the column.
 */
import type { ColumnClass, ColumnRole } from './column-class.ts';
import { fits, type Context } from './column-rule-context.ts';
import { COMPANY_RANK, ID_RANK, PERSON_RANK, PHONE_RANK } from './ranks.ts';
import {
  boxInsideSet, has, idHoldsIds, inSet, isAccountId, isAddressHeader, isAddressNumber, isElsewhere, isGenericName, isIdHeader,
  isKeyColumn, isOtherLine, isPersonHeader, isPhoneHeader, isPlaceLabel, isPoBox, isStreetAbbreviation, isStreetish, isZipHeader,
  looksPersonal, mostly, phoneNumber, shareOf, streetLine,
} from './rule-predicates.ts';
import {
  HEADER_CONFIRMED_STRICT, KEY_SHARE, PEOPLE_OR_BUSINESSES, STREET_LINE_MIN, SUITE_LINE_SHARE, TITLE_AS_BUSINESS,
} from './thresholds.ts';
import type { ColumnProfile } from './value-shapes.ts';

/** A header (and optionally sample values) and the role the rule must give it. */
interface RuleExample {
  header: string;
  values?: string[];
  role: ColumnRole;
}

export interface ColumnRule {
  id: string;
  /** Higher wins when several rules hold for one column. */
  priority: number;
  role: ColumnRole;
  when: (x: Context) => boolean;
  confirm?: (x: Context) => boolean;
  evidence?: { count: (p: ColumnProfile) => number; what: string };
  gives?: (x: Context) => Partial<ColumnClass>;
  why?: string;
  examples: RuleExample[];
}

// Value shapes the rules report.
const PHONES = { count: (p: ColumnProfile) => p.phone, what: 'US phone numbers' };
const STREETS = { count: (p: ColumnProfile) => p.street, what: 'street addresses' };
const SUITES = { count: (p: ColumnProfile) => p.line2, what: 'suite or unit lines' };
const ONE_LINE = { count: (p: ColumnProfile) => p.combinedAddress, what: 'full one-line addresses' };
const HOUSE_NUMBERS = { count: (p: ColumnProfile) => p.numeric, what: 'house numbers' };
const STREET_NAMES = { count: (p: ColumnProfile) => p.text, what: 'street names' };
const ZIPS = { count: (p: ColumnProfile) => p.zip, what: 'US zip codes' };
const STATES = { count: (p: ColumnProfile) => p.state, what: 'US states' };
const BUSINESSES = { count: (p: ColumnProfile) => p.business, what: 'business names' };
const PEOPLE = { count: (p: ColumnProfile) => p.person, what: "people's names" };
const IDS = { count: (p: ColumnProfile) => p.distinct, what: 'unique identifiers' };

// Value checks.
const phoneValues = (x: Context) => fits(x.profile, x.profile.phone);
const textValues = (x: Context) => fits(x.profile, x.profile.text, HEADER_CONFIRMED_STRICT);

const phone = (rank: number, variantOnly = false) => () => ({ rank, ...(variantOnly ? { variantOnly } : {}) });
const company = (nameKind: ColumnClass['nameKind'], rank: number) => () => ({ nameKind, rank });
const contactId = (idKind: ColumnClass['idKind'], rank: number) => () => ({ idKind, rank });

export const COLUMN_RULES: ColumnRule[] = [
  // ── Row keys and words that feed nothing ──────────────────────────────────────────────────
  {
    // Dynamics names the row key after the entity ("(Do Not Modify) Account"); owner and parent lookups are someone else's key.
    id: 'guid.row-key', priority: 1000, role: 'contact_id',
    when: (x) => mostly(x, (p) => p.guid, KEY_SHARE) && x.profile.distinct >= x.profile.filled && !has(x, 'ignore', 'owner', 'person_other'),
    evidence: { count: (p) => p.guid, what: 'GUID row keys' }, gives: contactId('record', ID_RANK.record),
    examples: [{ header: '(Do Not Modify) Account', values: ['6f1c2a9e-1b2c-4d5e-8f90-0a1b2c3d4e5f', '7a2d3b0f-2c3d-4e6f-9a01-1b2c3d4e5f60'], role: 'contact_id' }],
  },
  {
    // "title" is a job title in CRMs but the place name in scraped map listings (`title,address,phone`).
    id: 'title.business-names', priority: 990, role: 'company',
    when: (x) => x.tokens.tokens.length === 1 && x.tokens.tokens[0] === 'title' && mostly(x, (p) => p.business, TITLE_AS_BUSINESS) && x.profile.person === 0,
    evidence: BUSINESSES, gives: company('primary', COMPANY_RANK.guessed),
    examples: [{ header: 'title', values: ['Joe’s Pizza', 'Blue Heron Bakery', 'Akron Tire & Auto'], role: 'company' }],
  },
  {
    id: 'vocabulary.ignore', priority: 980, role: 'ignore', why: 'not a lead field',
    when: (x) => has(x, 'ignore'),
    examples: [{ header: 'Email', role: 'ignore' }, { header: 'Job Title', role: 'ignore' }, { header: 'Land', role: 'ignore' }, { header: 'Land (Rechnung)', role: 'ignore' }, { header: 'Notes', role: 'ignore' }],
  },

  // ── Phones ─────────────────────────────────────────────────────────────────────────────────
  {
    id: 'phone.fax-pager', priority: 960, role: 'phone', when: (x) => isPhoneHeader(x) && has(x, 'fax', 'pager'),
    confirm: phoneValues, evidence: PHONES, gives: phone(PHONE_RANK.fax, true),
    examples: [{ header: 'Fax', role: 'phone' }, { header: 'Business Fax', values: ['330-555-0113'], role: 'phone' }],
  },
  {
    id: 'phone.other-line', priority: 950, role: 'phone', when: (x) => isPhoneHeader(x) && isOtherLine(x),
    confirm: phoneValues, evidence: PHONES, gives: phone(PHONE_RANK.otherLine, true),
    examples: [{ header: 'Car Phone', role: 'phone' }, { header: "Assistant's Phone", role: 'phone' }],
  },
  {
    id: 'phone.home-other-toll-free', priority: 940, role: 'phone', when: (x) => isPhoneHeader(x) && has(x, 'q_home', 'other', 'toll'),
    confirm: phoneValues, evidence: PHONES, gives: phone(PHONE_RANK.secondary),
    examples: [{ header: 'Home Phone', role: 'phone' }, { header: 'Toll Free', role: 'phone' }],
  },
  {
    // A direct dial (Xero "DDINumber") reaches one desk, so the mobile is the better second number.
    id: 'phone.direct-dial', priority: 930, role: 'phone', when: (x) => isPhoneHeader(x) && has(x, 'direct') && !has(x, 'mobile'),
    confirm: phoneValues, evidence: PHONES, gives: phone(PHONE_RANK.secondary),
    examples: [{ header: 'DDINumber', role: 'phone' }, { header: 'Direct Phone', role: 'phone' }],
  },
  {
    id: 'phone.mobile', priority: 920, role: 'phone', when: (x) => isPhoneHeader(x) && has(x, 'mobile'),
    confirm: phoneValues, evidence: PHONES, gives: phone(PHONE_RANK.mobile),
    examples: [{ header: 'Mobile', values: ['(330) 555-0112'], role: 'phone' }, { header: 'Cell Phone', role: 'phone' }],
  },
  {
    id: 'phone.alternate', priority: 910, role: 'phone',
    when: (x) => isPhoneHeader(x) && (has(x, 'alt') || (phoneNumber(x) ?? 0) >= 2),
    confirm: phoneValues, evidence: PHONES, gives: phone(PHONE_RANK.alternate),
    examples: [{ header: 'Phone 2', role: 'phone' }, { header: 'Alt Phone', role: 'phone' }, { header: 'Phone (2)', role: 'phone' }, { header: 'Land Line 2', role: 'phone' }],
  },
  {
    id: 'phone.main', priority: 900, role: 'phone', when: isPhoneHeader,
    confirm: phoneValues, evidence: PHONES, gives: phone(PHONE_RANK.main),
    examples: [{ header: 'Phone', values: ['330-555-0110', '218-555-0190'], role: 'phone' }, { header: 'TEL_NO', role: 'phone' }, { header: 'Land Line', role: 'phone' }, { header: 'Landline', role: 'phone' }],
  },

  // ── Place labels ("Location", "Office Location") ──────────────────────────────────────────
  {
    // Boards and CRMs that keep the whole address in a "Location" cell.
    id: 'location.one-line-address', priority: 890, role: 'formatted_address',
    when: (x) => isPlaceLabel(x) && mostly(x, (p) => p.combinedAddress, HEADER_CONFIRMED_STRICT), evidence: ONE_LINE,
    examples: [{ header: 'Location', values: ['410 Foundry Rd, Akron, OH 44308', '77 Lake St, Duluth, MN 55802'], role: 'formatted_address' }],
  },
  {
    // Co-op and utility lists call the premise street a "Service Location".
    id: 'location.street', priority: 880, role: 'street',
    when: (x) => isPlaceLabel(x) && mostly(x, (p) => p.street, HEADER_CONFIRMED_STRICT), evidence: STREETS, gives: () => ({ line: 1 }),
    examples: [{ header: 'Service Location', values: ['410 Foundry Rd', '77 Lake St'], role: 'street' }],
  },
  {
    id: 'location.place-label', priority: 870, role: 'ignore', why: 'a place label',
    when: (x) => isPlaceLabel(x) && !has(x, 'contact', 'id', 'number'),
    examples: [{ header: 'Office Location', values: ['Downtown', 'North Side'], role: 'ignore' }],
  },

  // ── People who are not the lead ───────────────────────────────────────────────────────────
  {
    id: 'owner.crm-user', priority: 860, role: 'ignore', why: 'the CRM user who owns the record',
    when: (x) => has(x, 'owner') && has(x, 'crm_record', 'account', 'company', 'org', 'contact'),
    examples: [{ header: 'Lead Owner', role: 'ignore' }, { header: 'Account Owner', role: 'ignore' }],
  },
  {
    id: 'person.someone-else', priority: 850, role: 'ignore', why: 'someone other than the lead', when: (x) => has(x, 'person_other'),
    examples: [{ header: 'Assigned Rep', role: 'ignore' }, { header: 'Assistant Name', role: 'ignore' }],
  },
  {
    id: 'address.county', priority: 840, role: 'ignore', why: 'county', when: (x) => has(x, 'county') && !has(x, 'state'),
    examples: [{ header: 'County', role: 'ignore' }],
  },

  // ── Addresses ─────────────────────────────────────────────────────────────────────────────
  {
    // "Address 1 - PO Box", "Business Address PO Box": a part we do not search by.
    id: 'address.po-box-part', priority: 830, role: 'ignore', why: 'PO box part',
    when: (x) => isAddressHeader(x) && isPoBox(x) && (boxInsideSet(x) || !fits(x.profile, x.profile.street, HEADER_CONFIRMED_STRICT)),
    examples: [{ header: 'Business Address PO Box', role: 'ignore' }],
  },
  {
    // "PO Box", "Postfach": a set of its own, the mailing address; the box is its street line.
    id: 'address.po-box-line', priority: 825, role: 'street', when: (x) => isAddressHeader(x) && isPoBox(x),
    evidence: STREETS, gives: () => ({ line: 1, qualifier: 'mailing' }),
    examples: [{ header: 'PO Box', values: ['PO Box 12', 'PO Box 9'], role: 'street' }],
  },
  {
    // "MAIL_CSZ", "City/St/Zip": the zip is what matching needs from the cell, and its normaliser reads it off the end.
    id: 'address.city-state-zip-cell', priority: 820, role: 'zip',
    when: (x) => isAddressHeader(x) && has(x, 'csz', 'zip', 'city') && mostly(x, (p) => p.cityStateZip, HEADER_CONFIRMED_STRICT),
    evidence: { count: (p) => p.cityStateZip, what: 'city, state and zip in one cell' }, gives: inSet,
    examples: [{ header: 'MAIL_CSZ', values: ['CINCINNATI, OH 45202', 'Dayton, OH 45402'], role: 'zip' }],
  },
  {
    // "SVC_HOUSE_STREET", "Straße und Hausnummer": number and street in one cell is a street line.
    id: 'address.house-and-street-cell', priority: 815, role: 'street',
    when: (x) => isAddressHeader(x) && has(x, 'house') && mostly(x, (p) => p.street, HEADER_CONFIRMED_STRICT) && x.profile.numeric === 0,
    evidence: STREETS, gives: (x) => ({ ...inSet(x), line: 1 }),
    examples: [{ header: 'SVC_HOUSE_STREET', values: ['410 Foundry Rd', '77 Lake St'], role: 'street' }],
  },
  {
    id: 'address.house-number', priority: 810, role: 'house_number', when: (x) => isAddressHeader(x) && has(x, 'house'),
    evidence: HOUSE_NUMBERS, gives: inSet,
    examples: [{ header: 'PREMISE_HOUSE_NO', values: ['122', '18'], role: 'house_number' }, { header: 'Hausnummer', role: 'house_number' }],
  },
  {
    // A "ZIP+4" column usually holds the whole ZIP+4 code, not only the extension.
    id: 'address.zip-plus-four-whole', priority: 805, role: 'zip',
    when: (x) => isAddressHeader(x) && has(x, 'zip4') && has(x, 'zip') && mostly(x, (p) => p.zip5, HEADER_CONFIRMED_STRICT),
    evidence: { count: (p) => p.zip5, what: 'US zip codes' }, gives: inSet,
    examples: [{ header: 'Zip+4', values: ['44308-1203', '55802-4410'], role: 'zip' }],
  },
  {
    id: 'address.zip4', priority: 800, role: 'zip4', when: (x) => isAddressHeader(x) && has(x, 'zip4'),
    evidence: { count: (p) => p.fourDigits, what: 'zip+4 extensions' }, gives: inSet,
    examples: [{ header: 'Zip+4', values: ['1203', '4410'], role: 'zip4' }, { header: 'ZIP4', role: 'zip4' }],
  },
  {
    id: 'address.zip', priority: 790, role: 'zip', when: (x) => isAddressHeader(x) && isZipHeader(x),
    confirm: (x) => fits(x.profile, x.profile.zip, HEADER_CONFIRMED_STRICT), evidence: ZIPS, gives: inSet,
    examples: [{ header: 'Zip', values: ['44308', '55802'], role: 'zip' }, { header: 'Code postal', role: 'zip' }, { header: 'Job Site Zip', role: 'zip' }],
  },
  {
    id: 'address.city', priority: 785, role: 'city', when: (x) => isAddressHeader(x) && has(x, 'city'),
    confirm: (x) => fits(x.profile, x.profile.text - x.profile.state, HEADER_CONFIRMED_STRICT),
    evidence: { count: (p) => p.text, what: 'place names' }, gives: inSet,
    examples: [{ header: 'City', values: ['Akron', 'Duluth'], role: 'city' }, { header: 'Ort', role: 'city' }, { header: 'Job Site City', role: 'city' }],
  },
  {
    id: 'address.street-abbreviation-number', priority: 780, role: 'house_number',
    when: (x) => isAddressHeader(x) && isStreetAbbreviation(x) && has(x, 'number'), evidence: HOUSE_NUMBERS, gives: inSet,
    examples: [{ header: 'PREM_ST_NBR', role: 'house_number' }],
  },
  {
    id: 'address.street-abbreviation-name', priority: 775, role: 'street_name',
    when: (x) => isAddressHeader(x) && isStreetAbbreviation(x), evidence: STREET_NAMES, gives: inSet,
    examples: [{ header: 'PREM_ST_NM', role: 'street_name' }],
  },
  {
    id: 'address.state', priority: 770, role: 'state',
    when: (x) => isAddressHeader(x) && (has(x, 'state') || (has(x, 'st') && (!isStreetish(x) || shareOf(x, (p) => p.state) >= HEADER_CONFIRMED_STRICT))),
    confirm: (x) => fits(x.profile, x.profile.state, HEADER_CONFIRMED_STRICT), evidence: STATES, gives: inSet,
    examples: [{ header: 'State', values: ['OH', 'MN'], role: 'state' }, { header: 'BUS_ST', role: 'state' }, { header: 'Job Site State', role: 'state' }],
  },
  {
    id: 'address.formatted', priority: 765, role: 'formatted_address', when: (x) => isAddressHeader(x) && isStreetish(x) && has(x, 'formatted'),
    evidence: ONE_LINE, gives: inSet,
    examples: [{ header: 'Formatted Address', role: 'formatted_address' }],
  },
  {
    // "Street Number", "Svc Addr #": the house number of a split street.
    id: 'address.street-number', priority: 760, role: 'house_number',
    when: (x) => isAddressHeader(x) && isStreetish(x) && isAddressNumber(x), evidence: HOUSE_NUMBERS, gives: inSet,
    examples: [{ header: 'Street Number', role: 'house_number' }, { header: 'Svc Addr #', values: ['122', '18'], role: 'house_number' }],
  },
  {
    id: 'address.street-name', priority: 755, role: 'street_name',
    when: (x) => isAddressHeader(x) && has(x, 'street') && has(x, 'name'), evidence: STREET_NAMES, gives: inSet,
    examples: [{ header: 'Street Name', role: 'street_name' }],
  },
  {
    // Split-street extracts ("PREMISE_STREET" next to "PREMISE_HOUSE_NO") hold the name without its number.
    id: 'address.street-without-number', priority: 750, role: 'street_name',
    when: (x) => isAddressHeader(x) && has(x, 'street') && streetLine(x) === 1 && mostly(x, (p) => p.streetName, HEADER_CONFIRMED_STRICT),
    evidence: { count: (p) => p.streetName, what: 'street names without house numbers' }, gives: inSet,
    examples: [{ header: 'PREMISE_STREET', values: ['CHURCH ST', 'W Superior St'], role: 'street_name' }],
  },
  {
    id: 'address.line-2', priority: 745, role: 'street',
    when: (x) => isAddressHeader(x) && isStreetish(x) && (has(x, 'line2') || streetLine(x) === 2),
    evidence: SUITES, gives: (x) => ({ ...inSet(x), line: 2 }),
    examples: [{ header: 'Address Line 2', role: 'street' }, { header: 'Suite', role: 'street' }],
  },
  {
    // Lines 3 and 4 (Outlook "Business Street 3", Xero "SAAddressLine4") continue the same street.
    id: 'address.line-3-4', priority: 740, role: 'street',
    when: (x) => isAddressHeader(x) && isStreetish(x) && streetLine(x) >= 3,
    evidence: SUITES, gives: (x) => ({ ...inSet(x), line: streetLine(x) }),
    examples: [{ header: 'Business Street 3', role: 'street' }],
  },
  {
    // A second, unnumbered "Address" column of suites ("Address (2)") is line 2 whatever its header says.
    id: 'address.suites-under-address', priority: 735, role: 'street',
    when: (x) => isAddressHeader(x) && isStreetish(x) && x.profile.street === 0 && mostly(x, (p) => p.line2, SUITE_LINE_SHARE),
    evidence: SUITES, gives: (x) => ({ ...inSet(x), line: 2 }),
    examples: [{ header: 'Address (2)', values: ['Suite 4', 'Ste 200'], role: 'street' }],
  },
  {
    id: 'address.one-line', priority: 730, role: 'formatted_address',
    when: (x) => isAddressHeader(x) && isStreetish(x) && mostly(x, (p) => p.combinedAddress, HEADER_CONFIRMED_STRICT),
    evidence: ONE_LINE, gives: inSet,
    examples: [{ header: 'Address', values: ['410 Foundry Rd, Akron, OH 44308', '77 Lake St, Duluth, MN 55802'], role: 'formatted_address' }],
  },
  {
    id: 'address.street', priority: 720, role: 'street', when: (x) => isAddressHeader(x) && isStreetish(x),
    confirm: (x) => fits(x.profile, x.profile.street + x.profile.line2, STREET_LINE_MIN), evidence: STREETS,
    gives: (x) => ({ ...inSet(x), line: 1 }),
    examples: [
      { header: 'Address', values: ['410 Foundry Rd', '77 Lake St'], role: 'street' }, { header: 'SVC_ADDR', role: 'street' },
      { header: 'Job Site Address', values: ['410 Foundry Rd'], role: 'street' },
    ],
  },

  // ── Identifiers ───────────────────────────────────────────────────────────────────────────
  {
    // GoldMine's "KEY1".."KEY5" are user-defined fields (lead source, rating), never the row key.
    id: 'id.user-defined-key', priority: 700, role: 'ignore', why: 'a user-defined key field',
    when: (x) => isIdHeader(x) && x.tokens.tokens.some((w, i, all) => w === 'key' && /^\d{1,2}$/.test(all[i + 1] ?? '')),
    examples: [{ header: 'KEY1', role: 'ignore' }],
  },
  {
    // A sub-account ("SUB_ACCT_NBR") is one line or service under the customer's account: searched as a variant.
    id: 'id.sub-account', priority: 690, role: 'contact_id', when: (x) => isAccountId(x) && has(x, 'sub'),
    confirm: idHoldsIds, evidence: IDS, gives: contactId('account', ID_RANK.subAccount),
    examples: [{ header: 'SUB_ACCT_NBR', role: 'contact_id' }],
  },
  {
    // A billing account ("BILL_ACCT_ID") names who pays, which several rows can share.
    id: 'id.billing-account', priority: 685, role: 'contact_id', when: (x) => isAccountId(x) && x.qualifier === 'billing',
    confirm: idHoldsIds, evidence: IDS, gives: contactId('account', ID_RANK.billingAccount),
    examples: [{ header: 'BILL_ACCT_ID', role: 'contact_id' }],
  },
  {
    id: 'id.account', priority: 680, role: 'contact_id', when: isAccountId,
    confirm: idHoldsIds, evidence: IDS, gives: contactId('account', ID_RANK.account),
    examples: [{ header: 'Account #', values: ['A-1001', 'A-1002'], role: 'contact_id' }, { header: 'Kundennummer', role: 'contact_id' }, { header: 'Acct', values: ['4100-20000', '4100-20001'], role: 'contact_id' }],
  },
  {
    // A premise or store id is searched as an account id, but only when it looks like one (not a site counter).
    id: 'id.site', priority: 675, role: 'contact_id', when: (x) => isIdHeader(x) && has(x, 'q_site') && isKeyColumn(x),
    confirm: idHoldsIds, evidence: IDS, gives: contactId('site', ID_RANK.other),
    examples: [{ header: 'PREMISE_ID', values: ['P90210', 'P90211'], role: 'contact_id' }],
  },
  {
    id: 'id.other', priority: 670, role: 'contact_id',
    when: (x) => isIdHeader(x) && (has(x, 'org', 'company', 'duns') || x.qualifier !== 'none'),
    confirm: idHoldsIds, evidence: IDS, gives: contactId('other', ID_RANK.other),
    examples: [{ header: 'DUNS Number', role: 'contact_id' }, { header: 'Company ID', role: 'contact_id' }],
  },
  {
    id: 'id.record', priority: 660, role: 'contact_id', when: isIdHeader,
    confirm: idHoldsIds, evidence: IDS, gives: contactId('record', ID_RANK.record),
    examples: [{ header: 'Record ID', values: ['1001', '1002'], role: 'contact_id' }, { header: 'UUID', role: 'contact_id' }],
  },

  // ── Names: people ─────────────────────────────────────────────────────────────────────────
  {
    id: 'name.middle', priority: 600, role: 'ignore', why: 'middle name', when: (x) => has(x, 'middle'),
    examples: [{ header: 'Middle Name', role: 'ignore' }],
  },
  {
    // MYOB's "Co./Last Name" holds the company on business cards and the surname on individual ones.
    id: 'name.company-or-last', priority: 595, role: 'company',
    when: (x) => has(x, 'company') && has(x, 'last') && fits(x.profile, x.profile.text, HEADER_CONFIRMED_STRICT),
    evidence: BUSINESSES, gives: company('primary', COMPANY_RANK.named),
    examples: [{ header: 'Co./Last Name', values: ['Blue Heron', 'Kestrel Tool & Die'], role: 'company' }],
  },
  {
    id: 'name.ship-to-person', priority: 590, role: 'ignore', why: 'a ship-to or other contact',
    when: (x) => has(x, 'first', 'last') && isElsewhere(x),
    examples: [{ header: 'Ship To First Name', role: 'ignore' }],
  },
  {
    id: 'name.first', priority: 585, role: 'person_first', when: (x) => has(x, 'first'),
    confirm: (x) => fits(x.profile, x.profile.singleWord), evidence: { count: (p) => p.singleWord, what: 'given names' },
    examples: [{ header: 'First Name', values: ['Gary', 'Ann'], role: 'person_first' }, { header: 'Vorname', role: 'person_first' }],
  },
  {
    id: 'name.last', priority: 580, role: 'person_last', when: (x) => has(x, 'last'),
    confirm: (x) => fits(x.profile, x.profile.singleWord), evidence: { count: (p) => p.singleWord, what: 'family names' },
    examples: [{ header: 'Last Name', values: ['Plummer', 'Berg'], role: 'person_last' }, { header: 'Apellidos', role: 'person_last' }],
  },
  {
    id: 'name.dba', priority: 575, role: 'company', when: (x) => has(x, 'dba'), confirm: textValues,
    evidence: BUSINESSES, gives: company('dba', COMPANY_RANK.named),
    examples: [{ header: 'DBA', values: ['Northside Bait Shop'], role: 'company' }, { header: 'Doing Business As Name', role: 'company' }],
  },
  {
    id: 'name.legal', priority: 570, role: 'company', when: (x) => has(x, 'legal'), confirm: textValues,
    evidence: BUSINESSES, gives: company('legal', COMPANY_RANK.named),
    examples: [{ header: 'Legal Name', role: 'company' }, { header: 'Raison sociale', role: 'company' }],
  },
  {
    id: 'name.person-elsewhere', priority: 565, role: 'ignore', why: 'a ship-to or other contact',
    when: (x) => isPersonHeader(x) && isElsewhere(x), confirm: textValues,
    examples: [{ header: 'Ship To Contact', role: 'ignore' }],
  },
  {
    // An attention line routes mail ("ACCOUNTS PAYABLE"); it names a decision maker only when it holds people.
    // "ATTN_NM" says it holds names, so name-shaped values count even when the given names are unknown.
    id: 'name.attention-without-people', priority: 560, role: 'ignore', why: 'an attention line that mostly holds no person',
    when: (x) => isPersonHeader(x) && has(x, 'attn') && x.profile.filled > 0
      && shareOf(x, (p) => (has(x, 'name') ? Math.max(p.person, p.nameShaped) : p.person)) < PEOPLE_OR_BUSINESSES,
    confirm: textValues,
    examples: [{ header: 'Attn', values: ['ACCOUNTS PAYABLE', 'BILLING DEPT'], role: 'ignore' }],
  },
  {
    id: 'name.contact-holds-businesses', priority: 555, role: 'company',
    when: (x) => isPersonHeader(x) && x.profile.business > x.profile.person && mostly(x, (p) => p.business, PEOPLE_OR_BUSINESSES),
    confirm: textValues, evidence: BUSINESSES, gives: company('primary', COMPANY_RANK.guessed),
    examples: [{ header: 'Contact', values: ['Kestrel Tool & Die Inc', 'Northside Bait Shop'], role: 'company' }],
  },
  {
    id: 'name.attention', priority: 552, role: 'person_full', when: (x) => isPersonHeader(x) && has(x, 'attn'),
    confirm: textValues, evidence: PEOPLE, gives: () => ({ rank: PERSON_RANK.attention }),
    examples: [{ header: 'ATTN_NM', values: ['Gary Plummer', 'Ann Berg'], role: 'person_full' }],
  },
  {
    // A bare "Owner" next to a "Contact" column is usually the CRM user who owns the record.
    id: 'name.owner', priority: 551, role: 'person_full', when: (x) => isPersonHeader(x) && has(x, 'owner') && !has(x, 'contact'),
    confirm: textValues, evidence: PEOPLE, gives: () => ({ rank: PERSON_RANK.likely }),
    examples: [{ header: 'Owner', values: ['Gary Plummer'], role: 'person_full' }, { header: 'Owner Name', values: ['Dana Haney', 'Gary Plummer'], role: 'person_full' }],
  },
  {
    id: 'name.person', priority: 550, role: 'person_full', when: isPersonHeader,
    confirm: textValues, evidence: PEOPLE, gives: () => ({ rank: PERSON_RANK.named }),
    examples: [{ header: 'Contact Name', values: ['Gary Plummer', 'Ann Berg'], role: 'person_full' }, { header: 'Full Name', role: 'person_full' }],
  },

  // ── Names: the business ───────────────────────────────────────────────────────────────────
  {
    id: 'name.billing', priority: 545, role: 'company', when: (x) => x.qualifier === 'billing' && has(x, 'name'),
    confirm: textValues, evidence: BUSINESSES, gives: company('billing', COMPANY_RANK.named),
    examples: [{ header: 'BILL_NM', role: 'company' }],
  },
  {
    id: 'name.company', priority: 540, role: 'company', when: (x) => has(x, 'company', 'org') || (has(x, 'account') && has(x, 'name')),
    confirm: textValues, evidence: BUSINESSES, gives: company('primary', COMPANY_RANK.named),
    examples: [{ header: 'Company', values: ['Kestrel Tool & Die'], role: 'company' }, { header: 'Account Name', role: 'company' }, { header: 'Firma', role: 'company' }],
  },
  {
    id: 'name.customer-name', priority: 535, role: 'company', when: (x) => has(x, 'customer', 'member') && has(x, 'name') && !looksPersonal(x),
    confirm: textValues, evidence: BUSINESSES, gives: company('primary', COMPANY_RANK.likely),
    examples: [{ header: 'Customer Name', values: ['Kestrel Tool & Die', 'Blue Heron'], role: 'company' }],
  },
  {
    id: 'name.no-values', priority: 530, role: 'ignore', why: 'no values to tell a business from a person',
    when: (x) => isGenericName(x) && x.profile.filled === 0, confirm: textValues,
    examples: [{ header: 'Name', role: 'ignore' }],
  },
  {
    id: 'name.holds-people', priority: 525, role: 'person_full', when: (x) => isGenericName(x) && looksPersonal(x),
    confirm: textValues, evidence: PEOPLE, gives: () => ({ rank: PERSON_RANK.likely }),
    examples: [{ header: 'Name', values: ['Gary Plummer', 'Ann Berg'], role: 'person_full' }, { header: 'Member', values: ['Dana Haney'], role: 'person_full' }],
  },
  {
    id: 'name.holds-businesses', priority: 521, role: 'company',
    when: (x) => isGenericName(x) && x.profile.business > 0 && has(x, 'name') && !has(x, 'customer'),
    confirm: textValues, evidence: BUSINESSES, gives: company('primary', COMPANY_RANK.likely),
    examples: [{ header: 'Name', values: ['Kestrel Tool & Die', 'Blue Heron Bakery'], role: 'company' }],
  },
  {
    id: 'name.customer-holds-businesses', priority: 520, role: 'company', when: (x) => isGenericName(x) && x.profile.business > 0,
    confirm: textValues, evidence: BUSINESSES, gives: company('primary', COMPANY_RANK.guessed),
    examples: [{ header: 'Customer', values: ['Kestrel Tool & Die', 'Blue Heron Bakery'], role: 'company' }],
  },
];
