import { makeClass, type ColumnClass } from './column-class.ts';
import { evidence, share, type ColumnProfile } from './value-shapes.ts';

// Without a header to lean on, a shape must hold for most cells before it decides anything.
const STRONG = 0.8;

/**
 * Classifies a column by its sample values alone: blank header cells (`column_<n>`), headers we
 * do not understand, and headers whose values contradict them. Conservative on purpose: an
 * ignored column costs a search variant, a wrong field costs every row.
 */
export function classifyByValues(header: string, index: number, profile: ColumnProfile, prefix = ''): ColumnClass {
  const base = (partial: Partial<ColumnClass>, count: number, what: string): ColumnClass =>
    makeClass(header, index, profile.filled, {
      confidence: Math.round((0.5 + 0.4 * share(profile, count)) * 100) / 100,
      reason: `${prefix}values look like ${what} ${evidence(profile, count)}`,
      fromValues: true,
      ...partial,
    });
  if (profile.filled === 0) {
    return makeClass(header, index, 0, { reason: `${prefix}no values in the sample` });
  }
  const junk = Math.max(profile.email, profile.url, profile.date);
  if (share(profile, junk) >= 0.6) return makeClass(header, index, profile.filled, { reason: `${prefix}values are emails, links or dates` });
  if (share(profile, profile.phone) >= STRONG) return base({ role: 'phone' }, profile.phone, 'US phone numbers');
  if (share(profile, profile.combinedAddress) >= 0.6) {
    return base({ role: 'formatted_address' }, profile.combinedAddress, 'full one-line addresses');
  }
  if (share(profile, profile.street) >= 0.6) return base({ role: 'street' }, profile.street, 'street addresses');
  // Nine bare digits are as often an account or subscriber id as a zip+4, so without a header only
  // five-digit and dashed ZIP+4 values count.
  if (share(profile, profile.zip5) >= 0.9) {
    return base({ role: 'zip' }, profile.zip, 'US zip codes');
  }
  if (share(profile, profile.state) >= 0.9) return base({ role: 'state' }, profile.state, 'US states');
  if (share(profile, profile.person) >= 0.6 && profile.person > profile.business) {
    return base({ role: 'person_full', rank: 1 }, profile.person, "people's names");
  }
  if (share(profile, profile.business) >= 0.6) {
    return base({ role: 'company', nameKind: 'primary', rank: 2 }, profile.business, 'business names');
  }
  return makeClass(header, index, profile.filled, { reason: `${prefix}values match no lead field` });
}
