import { makeClass, type ColumnClass, type ColumnRole } from './column-class.ts';
import { COMPANY_RANK, PERSON_RANK } from './ranks.ts';
import {
  CONFIDENCE_VALUES_FLOOR, CONFIDENCE_VALUES_SLOPE, VALUES_ALONE, VALUES_ALONE_SHAPE, VALUES_ALONE_ZIP_OR_STATE,
} from './thresholds.ts';
import { evidence, share, type ColumnProfile } from './value-shapes.ts';

/**
 * The rules for a column read from its values alone, as a table like column-rules.ts: the
 * highest-priority rule that holds decides. Conservative on purpose: an ignored column costs a
 * search variant, a wrong field costs every row.
 */
interface ValueRule {
  id: string;
  priority: number;
  role: ColumnRole;
  when: (p: ColumnProfile) => boolean;
  /** The shape reported in the reason and used for the confidence; absent for `ignore`. */
  evidence?: { count: (p: ColumnProfile) => number; what: string };
  gives?: Partial<ColumnClass>;
  why?: string;
  /** Sample values and the role they must give under a header no rule reads ("Misc"). */
  examples: Array<{ values: string[]; role: ColumnRole }>;
}

const most = (p: ColumnProfile, count: number, min: number) => share(p, count) >= min;

export const VALUE_RULES: ValueRule[] = [
  {
    id: 'values.empty', priority: 100, role: 'ignore', why: 'no values in the sample', when: (p) => p.filled === 0,
    examples: [{ values: ['', ''], role: 'ignore' }],
  },
  {
    id: 'values.contact-channels', priority: 90, role: 'ignore', why: 'values are emails, links or dates',
    when: (p) => most(p, Math.max(p.email, p.url, p.date), VALUES_ALONE_SHAPE),
    examples: [{ values: ['a@b.com', 'c@d.org'], role: 'ignore' }, { values: ['2024-01-02', '2023-12-31'], role: 'ignore' }],
  },
  {
    id: 'values.phone', priority: 80, role: 'phone', when: (p) => most(p, p.phone, VALUES_ALONE),
    evidence: { count: (p) => p.phone, what: 'US phone numbers' },
    examples: [{ values: ['(330) 555-0110', '218-555-0190'], role: 'phone' }],
  },
  {
    id: 'values.one-line-address', priority: 70, role: 'formatted_address', when: (p) => most(p, p.combinedAddress, VALUES_ALONE_SHAPE),
    evidence: { count: (p) => p.combinedAddress, what: 'full one-line addresses' },
    examples: [{ values: ['410 Foundry Rd, Akron, OH 44308', '77 Lake St, Duluth, MN 55802'], role: 'formatted_address' }],
  },
  {
    id: 'values.street', priority: 60, role: 'street', when: (p) => most(p, p.street, VALUES_ALONE_SHAPE),
    evidence: { count: (p) => p.street, what: 'street addresses' },
    examples: [{ values: ['410 Foundry Rd', '77 Lake St'], role: 'street' }],
  },
  {
    // Nine bare digits are as often an account or subscriber id as a zip+4: only five-digit and dashed ZIP+4 count.
    id: 'values.zip', priority: 50, role: 'zip', when: (p) => most(p, p.zip5, VALUES_ALONE_ZIP_OR_STATE),
    evidence: { count: (p) => p.zip, what: 'US zip codes' },
    examples: [{ values: ['44308', '55802-4410'], role: 'zip' }],
  },
  {
    id: 'values.state', priority: 40, role: 'state', when: (p) => most(p, p.state, VALUES_ALONE_ZIP_OR_STATE),
    evidence: { count: (p) => p.state, what: 'US states' },
    examples: [{ values: ['OH', 'MN', 'Texas'], role: 'state' }],
  },
  {
    id: 'values.people', priority: 30, role: 'person_full', when: (p) => most(p, p.person, VALUES_ALONE_SHAPE) && p.person > p.business,
    evidence: { count: (p) => p.person, what: "people's names" }, gives: { rank: PERSON_RANK.likely },
    examples: [{ values: ['Gary Plummer', 'Dana Haney'], role: 'person_full' }],
  },
  {
    id: 'values.businesses', priority: 20, role: 'company', when: (p) => most(p, p.business, VALUES_ALONE_SHAPE),
    evidence: { count: (p) => p.business, what: 'business names' }, gives: { nameKind: 'primary', rank: COMPANY_RANK.guessed },
    examples: [{ values: ['Kestrel Tool & Die Inc', 'Northside Bait Shop'], role: 'company' }],
  },
];

/** The highest-priority value rule that holds, if any. */
export function winningValueRule(profile: ColumnProfile, rules: ValueRule[] = VALUE_RULES): ValueRule | undefined {
  return rules.filter((rule) => rule.when(profile)).sort((a, b) => b.priority - a.priority)[0];
}

/**
 * Classifies a column by its sample values alone: blank header cells (`column_<n>`), headers no
 * rule reads, and headers whose values contradict them. `prefix` says why the header was not used.
 */
export function classifyByValues(header: string, index: number, profile: ColumnProfile, prefix = ''): ColumnClass {
  const rule = winningValueRule(profile);
  if (rule === undefined) {
    return makeClass(header, index, profile.filled, { reason: `${prefix}values match no lead field`, rule: 'values.none' });
  }
  if (rule.role === 'ignore' || rule.evidence === undefined) {
    return makeClass(header, index, profile.filled, { reason: `${prefix}rule ${rule.id}: ${rule.why ?? ''}`, rule: rule.id });
  }
  const count = rule.evidence.count(profile);
  return makeClass(header, index, profile.filled, {
    role: rule.role,
    confidence: Math.round((CONFIDENCE_VALUES_FLOOR + CONFIDENCE_VALUES_SLOPE * share(profile, count)) * 100) / 100,
    reason: `${prefix}rule ${rule.id}: values look like ${rule.evidence.what} ${evidence(profile, count)}`,
    rule: rule.id,
    fromValues: true,
    ...rule.gives,
  });
}
