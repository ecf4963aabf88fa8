import { EU_CONCEPTS, LANGUAGE_MARKERS, WHOLE_TOKEN_ONLY } from './header-vocabulary-eu.ts';

/**
 * Splits header names into lower-case tokens and reads them as concepts, so that
 * "SVC_ADDR1", "ServiceAddress1" and "Service Address 1" all say {service-qualifier, address, 1}.
 */

export type Concept =
  | 'name' | 'company' | 'org' | 'customer' | 'member' | 'account' | 'dba' | 'legal'
  | 'address' | 'street' | 'line' | 'line2' | 'city' | 'st' | 'state' | 'zip' | 'zip4' | 'postal' | 'code'
  | 'phone' | 'mobile' | 'fax' | 'pager' | 'direct' | 'main' | 'alt' | 'work'
  | 'id' | 'number' | 'duns'
  | 'contact' | 'owner' | 'attn' | 'first' | 'last' | 'middle' | 'full'
  | 'q_site' | 'q_billing' | 'q_mailing' | 'q_shipping' | 'q_home' | 'other'
  | 'crm_record' | 'box' | 'formatted' | 'county' | 'house' | 'csz' | 'toll'
  // "SUB_ACCT_NBR": a sub-account sits under the account that keys the customer.
  | 'sub'
  // People around the lead (assistant, sales rep): ignored unless the column is one of their phones.
  | 'person_other'
  // Concepts that make a column feed nothing.
  | 'ignore';

const CONCEPTS: Record<string, Concept> = {
  name: 'name', nm: 'name', nme: 'name', names: 'name',
  company: 'company', co: 'company', comp: 'company', business: 'company', bus: 'company', biz: 'company',
  busn: 'company', firm: 'company', employer: 'company', merchant: 'company', insured: 'company',
  licensee: 'company', establishment: 'company', organization: 'org', organisation: 'org', org: 'org',
  customer: 'customer', cust: 'customer', client: 'customer', clnt: 'customer', member: 'member',
  account: 'account', acct: 'account', acc: 'account', acnt: 'account', accnt: 'account',
  // Sage Intacct "PRINTAS", QuickBooks "Print on check as": the name the business trades under.
  printas: 'dba', print: 'dba',
  landline: 'phone',
  dba: 'dba', tradestyle: 'dba', trade: 'dba', trading: 'dba', aka: 'dba', fictitious: 'dba', assumed: 'dba',
  legal: 'legal', registered: 'legal',
  address: 'address', addr: 'address', adr: 'address', addrs: 'address', adrs: 'address', addresses: 'address',
  street: 'street', str: 'street', strt: 'street', road: 'street', line: 'line',
  suite: 'line2', ste: 'line2', apt: 'line2', unit: 'line2', extended: 'line2',
  city: 'city', cty: 'city', town: 'city', locality: 'city', municipality: 'city', village: 'city',
  st: 'st', state: 'state', province: 'state', prov: 'state', region: 'state',
  zip: 'zip', zipcode: 'zip', postcode: 'zip', zip4: 'zip4', plus4: 'zip4', postal: 'postal', code: 'code', cd: 'code',
  phone: 'phone', phn: 'phone', ph: 'phone', tel: 'phone', telephone: 'phone', fone: 'phone', phne: 'phone',
  isdn: 'phone', callback: 'phone', cell: 'mobile', mobile: 'mobile', mob: 'mobile', cellular: 'mobile',
  fax: 'fax', facsimile: 'fax', pager: 'pager', ddi: 'direct', direct: 'direct',
  main: 'main', primary: 'main', work: 'work', alt: 'alt', alternate: 'alt', alternative: 'alt',
  secondary: 'alt', second: 'alt',
  id: 'id', key: 'id', ref: 'id', reference: 'id', number: 'number', nbr: 'number', num: 'number', no: 'number',
  nr: 'number', duns: 'duns',
  // Utility and telecom extracts abbreviate contact ("PRIM_CNTCT_NM", "CNTC_PHN", "CONT_NAME").
  cntct: 'contact', cntc: 'contact', cont: 'contact', prim: 'main', sub: 'sub',
  contact: 'contact', principal: 'contact', person: 'contact', dm: 'contact', decision: 'contact',
  proprietor: 'contact', president: 'contact', ceo: 'contact', gm: 'contact', owner: 'owner', attn: 'attn', attention: 'attn',
  first: 'first', fname: 'first', fst: 'first', given: 'first', forename: 'first', firstname: 'first',
  last: 'last', lname: 'last', surname: 'last', family: 'last', lastname: 'last',
  middle: 'middle', mi: 'middle', additional: 'middle', initial: 'middle', initials: 'middle', full: 'full',
  service: 'q_site', svc: 'q_site', serv: 'q_site', srv: 'q_site', premise: 'q_site', premises: 'q_site',
  prem: 'q_site', site: 'q_site', physical: 'q_site', phys: 'q_site', location: 'q_site', loc: 'q_site',
  office: 'q_site', sa: 'q_site', hq: 'q_site', headquarters: 'q_site',
  // Rows of franchise lists and property rolls are places: "Store #", "Branch Phone", "Parcel Number".
  store: 'q_site', branch: 'q_site', parcel: 'q_site', situs: 'q_site',
  // Registry extracts call the business an entity ("ENTITY_NAME", "ENTITY_NUMBER").
  entity: 'company',
  // Opaque row keys ("UUID", "GUID"; Mailchimp's "LEID"/"EUID").
  uid: 'id', uuid: 'id', guid: 'id', leid: 'id', euid: 'id',
  bill: 'q_billing', billing: 'q_billing', bll: 'q_billing', billto: 'q_billing',
  mail: 'q_mailing', mailing: 'q_mailing', mlg: 'q_mailing', po: 'q_mailing', remit: 'q_mailing',
  ship: 'q_shipping', shipping: 'q_shipping', shipto: 'q_shipping', delivery: 'q_shipping',
  home: 'q_home', residence: 'q_home', residential: 'q_home', personal: 'q_home', other: 'other',
  // CRM bookkeeping nouns: "Lead Owner", "Account Owner", "OwnerId" name a salesperson, not the lead.
  lead: 'crm_record', record: 'crm_record', deal: 'crm_record', opportunity: 'crm_record', badge: 'crm_record',
  policy: 'crm_record', license: 'crm_record', licence: 'crm_record', box: 'box', formatted: 'formatted',
  combined: 'formatted',
  // "HOUSE_NO" / "HSE_NBR": the number part of a split street.
  house: 'house', hse: 'house',
  // "MAIL_CSZ", "CityStZip": city, state and zip in one cell.
  csz: 'csz', citystzip: 'csz', citystatezip: 'csz',
  // "Toll Free": another line of the business, behind its own and its people's numbers.
  toll: 'toll', tollfree: 'toll',
};

const IGNORE_WORDS = [
  'email', 'web', 'website', 'url', 'domain', 'www', 'linkedin', 'skype', 'twitter', 'facebook',
  'date', 'dt', 'created', 'modified', 'updated', 'time', 'year', 'birthday', 'anniversary', 'since', 'contacted',
  'note', 'notes', 'comment', 'comments', 'description', 'desc', 'type', 'label', 'status', 'category',
  'categories', 'source', 'industry', 'sic', 'naics', 'title', 'salutation', 'prefix', 'suffix', 'nickname',
  'yomi', 'phonetic', 'short', 'maiden', 'jobtitle', 'department', 'profession', 'occupation', 'symbol',
  'revenue', 'sales', 'balance', 'bal', 'due', 'amount', 'amt', 'premium', 'discount', 'credit', 'limit',
  'employees', 'rate', 'meter', 'tax', 'bank', 'ein', 'vat', 'resale', 'gl', 'parent', 'country',
  'government', 'of', 'deals', 'people', 'rating', 'score', 'currency', 'language', 'gender', 'telex', 'lat',
  'lng', 'latitude', 'longitude', 'usage', 'kwh', 'ccf', 'size', 'terms', 'price', 'pricing', 'level', 'route',
  // Where a business was formed is a legal fact, not where it is ("JURISDICTION", "State of Incorporation").
  'jurisdiction', 'formation', 'incorporation', 'domicile', 'checksum',
  // Meter and usage measures of utility extracts: five-digit readings look like zips but are not places.
  'therm', 'therms', 'reading', 'readings', 'consumption', 'qty', 'quantity', 'gallons', 'arrears', 'demand',
  // Below the city and not part of the street line (Pipedrive's "District/sublocality").
  'district', 'sublocality', 'neighborhood', 'neighbourhood',
];
for (const word of IGNORE_WORDS) CONCEPTS[word] = 'ignore';
// A registered or insurance agent is a third party; their name and address are not the lead's.
const OTHER_PEOPLE = ['rep', 'representative', 'salesperson', 'assigned', 'by', 'manager', 'assistant', 'spouse', 'children', 'agent'];
for (const word of OTHER_PEOPLE) CONCEPTS[word] = 'person_other';
CONCEPTS['county'] = 'county';
// "JOBSITE_ADDR": the site of the job, where the work is done.
CONCEPTS['jobsite'] = 'q_site';
// European-locale words never override an English reading of the same spelling.
const ENGLISH = new Set(Object.keys(CONCEPTS));
for (const [word, concept] of Object.entries(EU_CONCEPTS)) CONCEPTS[word] ??= concept;

/**
 * Headers of two or more words read as one concept, whatever their words mean alone: "Job" in
 * "Job Title" is not "Job" in "Job Site Address", and "Land" in "Land Line" is not the German
 * country. A phrase is matched before its words, so no word entry can hide it.
 */
export const PHRASES: Array<{ words: string[]; concept: Concept }> = [
  // A person's role, not a lead field.
  { words: ['job', 'title'], concept: 'ignore' },
  { words: ['job', 'function'], concept: 'ignore' },
  { words: ['job', 'role'], concept: 'ignore' },
  { words: ['job', 'position'], concept: 'ignore' },
  { words: ['job', 'level'], concept: 'ignore' },
  // Contractor lists: the job site is the premise the business works at or for.
  { words: ['job', 'site'], concept: 'q_site' },
  { words: ['job', 'location'], concept: 'q_site' },
  // A fixed line, as against a mobile.
  { words: ['land', 'line'], concept: 'phone' },
  // Property rolls: what the parcel is zoned for.
  { words: ['land', 'use'], concept: 'ignore' },
];

type Language = keyof typeof LANGUAGE_MARKERS;
/**
 * Words whose concept holds only as the whole header or next to a word of one of `languages`;
 * anywhere else they have no concept and the rest of the header decides.
 */
const SCOPED_WORDS: Array<{ word: string; concept: Concept; languages: Language[] }> = [
  // German and Dutch for country ("Land", "Land (Rechnung)", "Land/Provincie").
  { word: 'land', concept: 'ignore', languages: ['de', 'nl'] },
];
const MARKERS = new Map<Language, Set<string>>(
  (Object.entries(LANGUAGE_MARKERS) as Array<[Language, string[]]>).map(([language, words]) => [language, new Set(words)]),
);

/** A header read as tokens. `duplicateIndex` is the parser's ` (2)` suffix; `generated` marks `column_<n>`. */
export interface HeaderTokens {
  header: string;
  tokens: string[];
  concepts: Concept[];
  duplicateIndex: number | null;
  generated: boolean;
}

const DUPLICATE_SUFFIX = /^(.*\S)\s+\((\d+)\)$/;

/**
 * Acronyms that stand for several header words: telecom's BAN is the billing account number, the
 * customer's account itself (its lines are sub-accounts), so it reads as "account number".
 */
const EXPANSIONS: Record<string, string[]> = { ban: ['account', 'number'] };
const WORD_NUMBERS: Record<string, string> = { one: '1', two: '2', three: '3', four: '4' };

/**
 * European headers spell the same words with and without accents ("Dirección", "Direccion"), so
 * they are compared without diacritics. "Nº"/"N°" is the number sign; "ß" and "C.P." (código /
 * code postal) have no decomposition that would reach the vocabulary otherwise.
 */
function stripAccents(raw: string): string {
  return raw
    .replace(/\b([Nn])\s*[º°]/g, ' no ')
    .replace(/ß/g, 'ss')
    .replace(/\b[Cc]\.\s*[Pp]\.?(?=\s|$)/g, ' cp ')
    .normalize('NFD')
    .replace(/\p{M}+/gu, '');
}

/** Splits on punctuation, case changes and letter/digit boundaries ("POAddressLine1" -> po address line 1). */
export function splitHeader(raw: string): string[] {
  const spaced = stripAccents(raw)
    // Salesforce marks custom fields with a trailing "__c" ("Direct_Line__c"); it says nothing about the field.
    .replace(/__c$/i, '')
    .replace(/e-mail/gi, 'email')
    // "Doing Business As Name" is a DBA column, not the business name.
    .replace(/doing[\s_.-]*business[\s_.-]*as/gi, ' dba ')
    // Pipedrive names address parts "House number of Address", "City/town/village/locality of Address".
    .replace(/(?<![a-z0-9])of[\s_]+(?=addr(?:ess)?(?![a-z]))/gi, ' ')
    // A PO box set in other languages ("Postfach", "PLZ Postfach", "Boîte postale", "Casella postale",
    // "Apartado postal", "Caixa postal", "Postbus") is the same mailing set as an English "PO Box".
    .replace(/postfach|postbus|(?:apartado|casilla)(?:[\s_]*(?:de[\s_]*)?correos?|[\s_]*postal)?|bo[iî]te[\s_]*postale|casella[\s_]*postale|caixa[\s_]*postal/gi, ' po box ')
    .replace(/d-u-n-s/gi, 'duns')
    .replace(/\bbill\s+to\b/gi, 'billto')
    .replace(/\bship\s+to\b/gi, 'shipto')
    .replace(/\+\s*4/g, ' plus4 ')
    .replace(/#/g, ' no ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/([A-Za-z])(\d)/g, '$1 $2')
    .replace(/(\d)([A-Za-z])/g, '$1 $2');
  return spaced
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((token) => token !== '')
    .map((token) => WORD_NUMBERS[token] ?? token);
}

// Pieces shorter than this are too easy to find by accident inside ordinary words.
const MIN_PIECE = 2;
const MIN_COMPOUND = 5;

/**
 * Utility and ERP extracts glue abbreviations together without separators ("SERVADDR",
 * "SRVCITY", "ZIPCD", "TELNO", "CUSTNAME"). A token no concept knows is split into known words
 * when it can be read wholly as two or more of them (fewest pieces win); otherwise it stays whole.
 */
export function splitCompound(token: string): string[] {
  if (token.length < MIN_COMPOUND || CONCEPTS[token] !== undefined || !/^[a-z]+$/.test(token)) return [token];
  const best: Array<string[] | null> = Array.from({ length: token.length + 1 }, () => null);
  best[0] = [];
  for (let end = MIN_PIECE; end <= token.length; end += 1) {
    for (let start = 0; start <= end - MIN_PIECE; start += 1) {
      const head = best[start];
      const piece = token.slice(start, end);
      if (head === null || head === undefined || CONCEPTS[piece] === undefined || WHOLE_TOKEN_ONLY.has(piece)) continue;
      const candidate = [...head, piece];
      const current = best[end];
      if (current === null || current === undefined || candidate.length < current.length) best[end] = candidate;
    }
  }
  const pieces = best[token.length];
  return pieces !== null && pieces !== undefined && pieces.length >= 2 ? pieces : [token];
}

/** Tokens and concepts of one (already de-duplicated) header name. */
export function tokenizeHeader(header: string): HeaderTokens {
  const trimmed = header.trim();
  const duplicate = DUPLICATE_SUFFIX.exec(trimmed);
  const base = duplicate ? (duplicate[1] ?? trimmed) : trimmed;
  const generated = /^column_\d+$/i.test(base);
  const tokens = generated ? [] : splitHeader(base).flatMap(splitCompound).flatMap((token) => EXPANSIONS[token] ?? [token]);
  return {
    header,
    tokens,
    concepts: conceptsOf(tokens),
    duplicateIndex: duplicate ? Number(duplicate[2]) : null,
    generated,
  };
}

/** The phrase starting at `index`, if any. */
function phraseAt(tokens: string[], index: number): (typeof PHRASES)[number] | undefined {
  return PHRASES.find((phrase) => phrase.words.every((word, offset) => tokens[index + offset] === word));
}

/** A scoped word's concept in this header: as the whole header, or among words of its languages. */
function scopedConcept(tokens: string[], index: number): Concept | undefined {
  const scoped = SCOPED_WORDS.find((entry) => entry.word === tokens[index]);
  if (scoped === undefined) return undefined;
  const others = tokens.filter((token, i) => i !== index && !/^\d+$/.test(token));
  const inLanguage = others.some((token) => scoped.languages.some((language) => MARKERS.get(language)?.has(token)));
  return others.length === 0 || inLanguage ? scoped.concept : undefined;
}

/** Concepts of a header's tokens: phrases first, then scoped words, then single words. */
export function conceptsOf(tokens: string[]): Concept[] {
  const concepts: Concept[] = [];
  for (let index = 0; index < tokens.length; index += 1) {
    const phrase = phraseAt(tokens, index);
    if (phrase !== undefined) {
      concepts.push(phrase.concept);
      index += phrase.words.length - 1;
      continue;
    }
    const token = tokens[index] ?? '';
    // "ZIP 5" is the five-digit zip, "ZIP 4" the plus-four extension.
    if (token === '4' && (tokens[index - 1] === 'zip' || tokens[index - 1] === 'plus')) concepts.push('zip4');
    const concept = scopedConcept(tokens, index) ?? CONCEPTS[token];
    if (concept !== undefined) concepts.push(concept);
  }
  return concepts;
}

type EntrySource = 'english' | 'european' | 'phrase' | 'scoped';
/** Every vocabulary entry as the words it is written with, its concept and where it comes from. */
export function vocabularyEntries(): Array<{ words: string[]; concept: Concept; source: EntrySource }> {
  return [
    ...[...ENGLISH].map((word) => ({ words: [word], concept: CONCEPTS[word] as Concept, source: 'english' as const })),
    ...Object.entries(EU_CONCEPTS).map(([word, concept]) => ({ words: [word], concept, source: 'european' as const })),
    ...PHRASES.map((phrase) => ({ ...phrase, source: 'phrase' as const })),
    ...SCOPED_WORDS.map((entry) => ({ words: [entry.word], concept: entry.concept, source: 'scoped' as const })),
  ];
}

/** The concept of one token, in any of the known languages. */
export function conceptOf(token: string): Concept | undefined {
  return CONCEPTS[token];
}

/** Short token summary for reasons, e.g. "svc+addr+1". Header words only, never cell values. */
export function tokenSummary(tokens: HeaderTokens): string {
  return tokens.tokens.join('+');
}

/** The first number token after `after` (or anywhere when omitted), e.g. the line or set number. */
export function numberAfter(tokens: string[], after?: string[]): number | null {
  const start = after === undefined ? 0 : tokens.findIndex((token) => after.includes(token));
  if (start < 0) return null;
  for (let i = start; i < tokens.length; i += 1) {
    const token = tokens[i] ?? '';
    if (/^\d{1,2}$/.test(token)) return Number(token);
  }
  return null;
}
