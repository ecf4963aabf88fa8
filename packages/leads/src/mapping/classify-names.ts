/** Identifier and name columns: row keys and account numbers, business names and people. */
import type { ColumnClass } from './column-class.ts';
import { confirmed, fits, ignored, type Context } from './column-rule-context.ts';
import { share } from './value-shapes.ts';

export function idRule(ctx: Context): ColumnClass | null | undefined {
  const c = ctx.concepts;
  const subject = c.has('account') || c.has('customer') || c.has('crm_record') || c.has('contact') || c.has('member') || c.has('org') || c.has('company') || ctx.qualifier === 'site';
  // "Customer Code", "Código cliente", "Codice cliente": a code of the customer is its number.
  const numbered = c.has('number') || (c.has('code') && !c.has('postal') && !c.has('zip'));
  const { profile } = ctx;
  // A bare "Acct", "CUST_ACCT", "SUB_ACCT" holding distinct codes is the account number itself.
  const bareAccount = c.has('account') && !c.has('name') && profile.filled > 0 && share(profile, profile.key) >= 0.8 && profile.distinct === profile.filled;
  if (!(c.has('id') || c.has('duns') || (numbered && subject) || bareAccount)) return undefined;
  if (c.has('name')) return undefined;
  // GoldMine's "KEY1".."KEY5" are user-defined fields (lead source, rating), never the row key.
  const words = ctx.tokens.tokens;
  if (words.some((word, i) => word === 'key' && /^\d{1,2}$/.test(words[i + 1] ?? ''))) return ignored(ctx, 'a user-defined key field');
  // Names in an "id" column mean the header lies; let the values speak.
  if (profile.filled > 0 && share(profile, profile.person + profile.business) > 0.5) return null;
  let idKind: ColumnClass['idKind'] = 'record';
  if (c.has('account') || c.has('customer')) idKind = 'account';
  // A premise or store id is searched as an account id, but only when it looks like one: a site
  // counter ("SITE NUMBER" 1, 2, 3) would match any directory entry that happens to share it.
  else if (c.has('q_site') && profile.filled > 0 && share(profile, profile.key) >= 0.8 && profile.distinct === profile.filled) idKind = 'site';
  else if (c.has('org') || c.has('company') || c.has('duns') || ctx.qualifier !== 'none') idKind = 'other';
  // A billing account ("BILL_ACCT_ID") names who pays, which several rows can share; a site or
  // service id next to it keys the row, and the billing account becomes a search variant.
  const billingAccount = idKind === 'account' && ctx.qualifier === 'billing';
  // A sub-account ("SUB_ACCT_NBR") is one line or service under the customer's account: the
  // account keys the row and the sub-account is searched as a variant.
  const subAccount = idKind === 'account' && c.has('sub');
  const rank = idKind === 'record' ? 0 : subAccount ? 4 : billingAccount ? 3 : idKind === 'account' ? 1 : 2;
  return confirmed(ctx, { role: 'contact_id', idKind, rank }, profile.filled > 0 ? profile.distinct : null, 'unique identifiers');
}

export function nameRule(ctx: Context): ColumnClass | null {
  const c = ctx.concepts;
  const { profile } = ctx;
  if (c.has('middle')) return ignored(ctx, 'middle name');
  // MYOB's "Co./Last Name" holds the company on business cards and the surname on individual ones.
  if (c.has('company') && c.has('last') && fits(profile, profile.text, 0.6)) {
    return confirmed(ctx, { role: 'company', nameKind: 'primary', rank: 0 }, profile.business, 'business names');
  }
  const personal = c.has('first') || c.has('last');
  // Names on a ship-to, home or "other" line are someone else than the lead's decision maker.
  const elsewhere = ctx.qualifier === 'shipping' || ctx.qualifier === 'home' || c.has('other');
  if (personal && elsewhere) return ignored(ctx, 'a ship-to or other contact');
  if (c.has('first')) return fits(profile, profile.singleWord) ? confirmed(ctx, { role: 'person_first' }, profile.singleWord, 'given names') : null;
  if (c.has('last')) return fits(profile, profile.singleWord) ? confirmed(ctx, { role: 'person_last' }, profile.singleWord, 'family names') : null;
  const textual = fits(profile, profile.text, 0.6);
  if (!textual) return null;
  const company = (nameKind: ColumnClass['nameKind'], rank: number) =>
    confirmed(ctx, { role: 'company', nameKind, rank }, profile.business, 'business names');
  if (c.has('dba')) return company('dba', 0);
  if (c.has('legal')) return company('legal', 0);
  const person = c.has('contact') || c.has('owner') || c.has('attn') || c.has('full');
  if (person) {
    if (elsewhere) return ignored(ctx, 'a ship-to or other contact');
    // An attention line routes mail ("ACCOUNTS PAYABLE", "ATTN ..."): it names a decision maker only when it holds people.
    // "ATTN_NM" says it holds names, so name-shaped values count even when the given names are unknown.
    const people = c.has('name') ? Math.max(profile.person, profile.nameShaped) : profile.person;
    if (c.has('attn') && profile.filled > 0 && share(profile, people) < 0.5) return ignored(ctx, 'an attention line that mostly holds no person');
    if (profile.business > profile.person && share(profile, profile.business) >= 0.5) return company('primary', 2);
    // A bare "Owner" next to a "Contact" column is usually the CRM user who owns the record.
    const rank = c.has('attn') ? 3 : c.has('owner') && !c.has('contact') ? 1 : 0;
    return confirmed(ctx, { role: 'person_full', rank }, profile.person, "people's names");
  }
  if (ctx.qualifier === 'billing' && c.has('name')) return company('billing', 0);
  if (c.has('company') || c.has('org') || (c.has('account') && c.has('name'))) return company('primary', 0);
  const looksPersonal = profile.person > profile.business && share(profile, profile.person) >= 0.5;
  if ((c.has('customer') || c.has('member')) && c.has('name') && !looksPersonal) return company('primary', 1);
  if (c.has('customer') || c.has('member') || c.has('name') || c.has('account')) {
    if (profile.filled === 0) return ignored(ctx, 'no values to tell a business from a person');
    if (looksPersonal) return confirmed(ctx, { role: 'person_full', rank: 1 }, profile.person, "people's names");
    if (profile.business > 0) return company('primary', c.has('name') && !c.has('customer') ? 1 : 2);
  }
  return null;
}
