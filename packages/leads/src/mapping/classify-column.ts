import { classifyByValues } from './classify-by-values.ts';
import { idRule, nameRule } from './classify-names.ts';
import type { ColumnClass, Qualifier } from './column-class.ts';
import { confirmed, fits, ignored, type Concepts, type Context } from './column-rule-context.ts';
import { conceptOf, numberAfter, tokenizeHeader, tokenSummary, type Concept } from './header-tokens.ts';
import { profileColumn, share } from './value-shapes.ts';


// Words naming a street line, in any language ("Address", "Str", "Dirección", "Ligne").
const isStreetWord = (token: string) => ['address', 'street', 'line'].includes(conceptOf(token) ?? '');
const ADDRESS_PARTS: Concept[] = ['address', 'street', 'line', 'line2', 'city', 'st', 'state', 'zip', 'zip4', 'postal', 'box', 'formatted', 'house', 'csz'];

/**
 * Classifies one column from its header, confirmed (or overruled) by its sample values.
 * `readAs` is the name to read the header as when it continues a labelled block ("- City").
 */
export function classifyColumn(header: string, index: number, values: string[], readAs: string = header): ColumnClass {
  const tokens = tokenizeHeader(readAs);
  const profile = profileColumn(values);
  if (tokens.generated) return classifyByValues(header, index, profile, 'blank header; ');
  const concepts = new Set(tokens.concepts);
  const context: Context = {
    header, index, tokens, concepts, profile, qualifier: qualifierOf(concepts), summary: tokenSummary(tokens),
  };
  const column = guidKey(context) ?? byHeader(context) ?? classifyByValues(header, index, profile, `header tokens ${context.summary} not decisive; `);
  return { ...column, copy: tokens.duplicateIndex };
}

/**
 * A column of distinct GUIDs is the exporting system's row key whatever its header says:
 * Dynamics names it after the entity ("(Do Not Modify) Account"), which would otherwise read
 * as an account number. Owner and parent lookups are someone else's key, so they are left alone.
 */
function guidKey(ctx: Context): ColumnClass | null {
  const { profile, concepts } = ctx;
  if (profile.filled === 0 || share(profile, profile.guid) < 0.8 || profile.distinct < profile.filled) return null;
  if (concepts.has('ignore') || concepts.has('owner') || concepts.has('person_other')) return null;
  return confirmed(ctx, { role: 'contact_id', idKind: 'record', rank: 0 }, profile.guid, 'GUID row keys');
}

/**
 * "title" is a job title in CRMs but the place name in scraped map listings (`title,address,phone`);
 * the values tell which.
 */
function titleAsName(ctx: Context): ColumnClass | null {
  const { profile, tokens } = ctx;
  if (tokens.tokens.length !== 1 || tokens.tokens[0] !== 'title' || profile.filled === 0) return null;
  if (share(profile, profile.business) < 0.5 || profile.person > 0) return null;
  return confirmed(ctx, { role: 'company', nameKind: 'primary', rank: 2 }, profile.business, 'business names');
}

function qualifierOf(c: Concepts): Qualifier {
  if (c.has('q_site')) return 'site';
  if (c.has('q_billing')) return 'billing';
  if (c.has('q_mailing') || (c.has('postal') && c.has('address') && !c.has('zip') && !c.has('code'))) return 'mailing';
  if (c.has('q_shipping')) return 'shipping';
  if (c.has('q_home')) return 'home';
  // "Secondary Street", "Alt Address": another address of the same business.
  if (c.has('alt')) return 'alternate';
  // "Other Address": unlabelled; address-sets decides from the rest of the file whose it is.
  if (c.has('other')) return 'other';
  // "Business Street", "Company City", "Organization - Address": the business's own address.
  if (c.has('company') || c.has('org') || c.has('work')) return 'site';
  return 'none';
}

function byHeader(ctx: Context): ColumnClass | null {
  const c = ctx.concepts;
  if (c.has('ignore')) return titleAsName(ctx) ?? ignored(ctx, 'not a lead field');
  if (c.has('q_site') && !c.has('name') && !ADDRESS_PARTS.some((part) => c.has(part)) && !c.has('code')) {
    // "Location", "Office Location", "Organization 1 - Location": a place label, not a field.
    const phone = phoneRule(ctx);
    if (phone !== undefined) return phone;
    // Boards and CRMs that keep the whole address in a "Location" cell.
    if (ctx.profile.filled > 0 && share(ctx.profile, ctx.profile.combinedAddress) >= 0.6) {
      return confirmed(ctx, { role: 'formatted_address' }, ctx.profile.combinedAddress, 'full one-line addresses');
    }
    // Co-op and utility lists call the premise street a "Service Location".
    if (ctx.profile.filled > 0 && share(ctx.profile, ctx.profile.street) >= 0.6) {
      return confirmed(ctx, { role: 'street', line: 1 }, ctx.profile.street, 'street addresses');
    }
    if (!c.has('contact') && !c.has('id') && !c.has('number')) return ignored(ctx, 'a place label');
  }
  const phone = phoneRule(ctx);
  if (phone !== undefined) return phone;
  if (c.has('owner') && (c.has('crm_record') || c.has('account') || c.has('company') || c.has('org') || c.has('contact'))) {
    return ignored(ctx, 'the CRM user who owns the record');
  }
  if (c.has('person_other')) return ignored(ctx, 'someone other than the lead');
  if (c.has('county') && !c.has('state')) return ignored(ctx, 'county');
  // "Addr 1 - Contact Name": a person inside an address block, named only by the block's label.
  const personInBlock = (c.has('contact') || c.has('attn')) && c.has('name') && !ADDRESS_PARTS.some((part) => part !== 'address' && c.has(part));
  if (!personInBlock && (ADDRESS_PARTS.some((part) => c.has(part)) || (c.has('code') && ctx.qualifier !== 'none'))) {
    const address = addressRule(ctx);
    if (address !== undefined) return address;
  }
  const id = idRule(ctx);
  if (id !== undefined) return id;
  return nameRule(ctx);
}

function phoneRule(ctx: Context): ColumnClass | null | undefined {
  const c = ctx.concepts;
  const isPhone = c.has('phone') || c.has('mobile') || c.has('fax') || c.has('pager') || c.has('toll') || (c.has('direct') && (c.has('number') || c.has('line')));
  if (!isPhone) return undefined;
  const { profile, tokens } = ctx;
  if (!fits(profile, profile.phone)) return null;
  const words = tokens.tokens;
  const partial: Partial<ColumnClass> = { role: 'phone', rank: 0 };
  const numbered = numberAfter(words, ['phone', 'telephone', 'tel', 'phn', 'ph']) ?? tokens.duplicateIndex;
  if (c.has('fax') || c.has('pager')) Object.assign(partial, { variantOnly: true, rank: 9 });
  else if (c.has('person_other') || words.some((w) => ['car', 'radio', 'tty', 'tdd', 'isdn', 'callback'].includes(w))) {
    Object.assign(partial, { variantOnly: true, rank: 8 });
  } else if (c.has('q_home') || c.has('other') || c.has('toll')) partial.rank = 3;
  // A direct dial (Xero "DDINumber") reaches one desk, so the mobile is the better second number.
  else if (c.has('direct') && !c.has('mobile')) partial.rank = 3;
  else if (c.has('mobile')) partial.rank = 2;
  else if (c.has('alt') || (numbered !== null && numbered >= 2)) partial.rank = 1;
  return confirmed(ctx, partial, profile.phone, 'US phone numbers');
}

/**
 * PO boxes. Inside an address set ("Address 1 - PO Box", "Business Address PO Box") the box is a
 * part we do not search by. A set of its own ("Postfach", "PLZ Postfach", "Ort Postfach"; "PO Box",
 * "PO Box City") is a mailing address: the box column is its street line, and its zip, city and
 * state columns are read as usual (returns undefined), qualified as mailing.
 */
function poBoxRule(ctx: Context): ColumnClass | null | undefined {
  const c = ctx.concepts;
  const { profile } = ctx;
  const ownPart = c.has('zip') || c.has('postal') || c.has('city') || c.has('state') || c.has('st');
  const insideSet = c.has('address') || c.has('street') || c.has('line') || c.has('house') || c.has('formatted');
  if (ownPart && !insideSet) return undefined;
  if (insideSet || !fits(profile, profile.street, 0.6)) return ignored(ctx, 'PO box part');
  return confirmed(ctx, { role: 'street', line: 1, qualifier: 'mailing' }, profile.street, 'PO box lines');
}

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

function addressRule(ctx: Context): ColumnClass | null | undefined {
  const c = ctx.concepts;
  const { profile, tokens } = ctx;
  const { line, set } = lineAndSet(tokens.tokens);
  const at = { setNumber: set };
  if (c.has('box')) {
    const boxPart = poBoxRule(ctx);
    if (boxPart !== undefined) return boxPart;
  }
  // "MAIL_CSZ", "City/St/Zip": the zip is what matching needs from the cell, and its normaliser reads it off the end.
  if ((c.has('csz') || c.has('zip') || c.has('city')) && profile.filled > 0 && share(profile, profile.cityStateZip) >= 0.6) {
    return confirmed(ctx, { ...at, role: 'zip' }, profile.cityStateZip, 'city, state and zip in one cell');
  }
  // "SVC_HOUSE_STREET", "Straße und Hausnummer": number and street together in one cell is a street line.
  if (c.has('house') && profile.filled > 0 && share(profile, profile.street) >= 0.6 && profile.numeric === 0) {
    return confirmed(ctx, { ...at, role: 'street', line: 1 }, profile.street, 'street addresses');
  }
  if (c.has('house')) return confirmed(ctx, { ...at, role: 'house_number' }, profile.numeric, 'house numbers');
  // A "ZIP+4" column usually holds the whole ZIP+4 code, not only the extension.
  if (c.has('zip4') && c.has('zip') && profile.filled > 0 && share(profile, profile.zip5) >= 0.6) {
    return confirmed(ctx, { ...at, role: 'zip' }, profile.zip5, 'US zip codes');
  }
  if (c.has('zip4')) return confirmed(ctx, { ...at, role: 'zip4' }, profile.fourDigits, 'zip+4 extensions');
  const isZip = c.has('zip') || ((c.has('postal') || c.has('code')) && (!c.has('address') || c.has('code')));
  if (isZip) return fits(profile, profile.zip, 0.6) ? confirmed(ctx, { ...at, role: 'zip' }, profile.zip, 'US zip codes') : null;
  if (c.has('city')) {
    const cityLike = profile.text - profile.state;
    return fits(profile, cityLike, 0.6) ? confirmed(ctx, { ...at, role: 'city' }, profile.text, 'place names') : null;
  }
  // "PREM_ST_NBR" / "PREM_ST_NM": ST abbreviates street when a number or a name follows it.
  const streetPart = c.has('st') && !c.has('state') && !c.has('code') && (c.has('number') || c.has('name'));
  if (streetPart && c.has('number')) return confirmed(ctx, { ...at, role: 'house_number' }, profile.numeric, 'house numbers');
  if (streetPart) return confirmed(ctx, { ...at, role: 'street_name' }, profile.text, 'street names');
  const streetish = c.has('address') || c.has('street') || c.has('line') || c.has('line2') || c.has('formatted');
  if (c.has('state') || (c.has('st') && (!streetish || share(profile, profile.state) >= 0.6))) {
    return fits(profile, profile.state, 0.6) ? confirmed(ctx, { ...at, role: 'state' }, profile.state, 'US states') : null;
  }
  if (!streetish) return undefined;
  if (c.has('formatted')) return confirmed(ctx, { ...at, role: 'formatted_address' }, profile.combinedAddress, 'full one-line addresses');
  // "Svc Addr #": a number sign after an address word names the house number of a split street.
  const numberOfAddress = c.has('address') && c.has('number') && profile.filled > 0 && share(profile, profile.numeric) >= 0.8;
  if ((c.has('street') && c.has('number')) || numberOfAddress) {
    return confirmed(ctx, { ...at, role: 'house_number' }, profile.numeric, 'house numbers');
  }
  if (c.has('street') && c.has('name')) return confirmed(ctx, { ...at, role: 'street_name' }, profile.text, 'street names');
  // Split-street extracts ("PREMISE_STREET" next to "PREMISE_HOUSE_NO") hold the name without its number.
  if (c.has('street') && line === 1 && profile.filled > 0 && share(profile, profile.streetName) >= 0.6) {
    return confirmed(ctx, { ...at, role: 'street_name' }, profile.streetName, 'street names without house numbers');
  }
  if (c.has('line2') || line === 2) {
    return confirmed(ctx, { ...at, role: 'street', line: 2 }, profile.line2, 'suite or unit lines');
  }
  // Lines 3 and 4 (Outlook "Business Street 3", Xero "SAAddressLine4") continue the same street.
  if (line >= 3) return confirmed(ctx, { ...at, role: 'street', line }, profile.line2, 'suite or unit lines');
  // A second, unnumbered "Address" column of suites ("Address (2)") is line 2 whatever its header says.
  if (profile.filled > 0 && profile.street === 0 && share(profile, profile.line2) >= 0.5) {
    return confirmed(ctx, { ...at, role: 'street', line: 2 }, profile.line2, 'suite or unit lines');
  }
  if (profile.filled > 0 && share(profile, profile.combinedAddress) >= 0.6) {
    return confirmed(ctx, { ...at, role: 'formatted_address' }, profile.combinedAddress, 'full one-line addresses');
  }
  const streetCount = profile.street + profile.line2;
  if (!fits(profile, streetCount, 0.3)) return null;
  return confirmed(ctx, { ...at, role: 'street', line: 1 }, profile.street, 'street addresses');
}

