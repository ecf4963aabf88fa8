import { classifyByValues } from './classify-by-values.ts';
import type { ColumnClass, Qualifier } from './column-class.ts';
import { confirmed, ignored, type Concepts, type Context } from './column-rule-context.ts';
import { COLUMN_RULES, type ColumnRule } from './column-rules.ts';
import { tokenizeHeader, tokenSummary } from './header-tokens.ts';
import { profileColumn } from './value-shapes.ts';

/**
 * What the header rules make of one column: the winning rule decided it; the winning rule read a
 * field its values contradict, so the values decide; or no rule applies, so the values decide.
 */
type RuleVerdict =
  | { kind: 'decided'; rule: ColumnRule; column: ColumnClass }
  | { kind: 'overruled'; rule: ColumnRule }
  | { kind: 'no-rule' };

const byPriority = (rules: ColumnRule[]) => [...rules].sort((a, b) => b.priority - a.priority);
const RULES_BY_PRIORITY = byPriority(COLUMN_RULES);

/** Every rule that holds for a column, highest priority first. */
export function matchingRules(ctx: Context, rules: ColumnRule[] = RULES_BY_PRIORITY): ColumnRule[] {
  return (rules === RULES_BY_PRIORITY ? rules : byPriority(rules)).filter((rule) => rule.when(ctx));
}

/** Scores every rule against the column; the highest-priority rule that holds decides. */
export function applyRules(ctx: Context, rules: ColumnRule[] = RULES_BY_PRIORITY): RuleVerdict {
  const [winner] = matchingRules(ctx, rules);
  if (winner === undefined) return { kind: 'no-rule' };
  if (winner.confirm !== undefined && !winner.confirm(ctx)) return { kind: 'overruled', rule: winner };
  if (winner.role === 'ignore') return { kind: 'decided', rule: winner, column: ignored(ctx, winner.id, winner.why ?? 'not a lead field') };
  const partial = { role: winner.role, ...winner.gives?.(ctx) };
  const count = winner.evidence ? winner.evidence.count(ctx.profile) : null;
  return { kind: 'decided', rule: winner, column: confirmed(ctx, winner.id, partial, count, winner.evidence?.what ?? '') };
}

/** The header read as concepts, with the column's value profile. */
export function columnContext(header: string, index: number, values: string[], readAs: string = header): Context {
  const tokens = tokenizeHeader(readAs);
  const concepts = new Set(tokens.concepts);
  return { header, index, tokens, concepts, profile: profileColumn(values), qualifier: qualifierOf(concepts), summary: tokenSummary(tokens) };
}

/**
 * Classifies one column from its header, confirmed (or overruled) by its sample values.
 * `readAs` is the name to read the header as when it continues a labelled block ("- City").
 */
export function classifyColumn(header: string, index: number, values: string[], readAs: string = header): ColumnClass {
  const ctx = columnContext(header, index, values, readAs);
  if (ctx.tokens.generated) return classifyByValues(header, index, ctx.profile, 'blank header; ');
  const verdict = applyRules(ctx);
  let column: ColumnClass;
  switch (verdict.kind) {
    case 'decided':
      column = verdict.column;
      break;
    case 'overruled':
      column = classifyByValues(header, index, ctx.profile, `rule ${verdict.rule.id} overruled by the values: header tokens ${ctx.summary}; `);
      break;
    case 'no-rule':
      column = classifyByValues(header, index, ctx.profile, `no header rule for tokens ${ctx.summary}; `);
      break;
    default: {
      const unreachable: never = verdict;
      throw new Error(`unknown verdict ${JSON.stringify(unreachable)}`);
    }
  }
  return { ...column, copy: ctx.tokens.duplicateIndex };
}

/**
 * Which address (or phone) set a header names, as a table like the column rules: the
 * highest-priority entry that holds decides; none means 'none' (unqualified).
 */
export const QUALIFIER_RULES: Array<{ qualifier: Qualifier; priority: number; when: (c: Concepts) => boolean; examples: string[] }> = [
  { qualifier: 'site', priority: 80, when: (c) => c.has('q_site'), examples: ['Service Address', 'PREM_CITY', 'Job Site Zip'] },
  { qualifier: 'billing', priority: 70, when: (c) => c.has('q_billing'), examples: ['Billing Street', 'BILL_ACCT_ID'] },
  // "Postal Address" (but not "Postal Code"): where the mail goes.
  {
    qualifier: 'mailing', priority: 60, examples: ['Mailing Address', 'PO Box', 'Postal Address'],
    when: (c) => c.has('q_mailing') || (c.has('postal') && c.has('address') && !c.has('zip') && !c.has('code')),
  },
  { qualifier: 'shipping', priority: 50, when: (c) => c.has('q_shipping'), examples: ['Ship To City', 'Shipping Zip'] },
  { qualifier: 'home', priority: 40, when: (c) => c.has('q_home'), examples: ['Home Street', 'Home Phone'] },
  // "Secondary Street", "Alt Address": another address of the same business.
  { qualifier: 'alternate', priority: 30, when: (c) => c.has('alt'), examples: ['Secondary Street', 'Alt Address'] },
  // "Other Address": unlabelled; address-sets decides from the rest of the file whose it is.
  { qualifier: 'other', priority: 20, when: (c) => c.has('other'), examples: ['Other Street'] },
  // "Business Street", "Company City", "Organization - Address": the business's own address.
  { qualifier: 'site', priority: 10, when: (c) => c.has('company') || c.has('org') || c.has('work'), examples: ['Business Street', 'Company City'] },
];
const QUALIFIERS_BY_PRIORITY = [...QUALIFIER_RULES].sort((a, b) => b.priority - a.priority);

export function qualifierOf(c: Concepts): Qualifier {
  return QUALIFIERS_BY_PRIORITY.find((rule) => rule.when(c))?.qualifier ?? 'none';
}
