/** What the per-column rules share: the column read as header concepts plus value profile, and how a rule answers. */
import { makeClass, type ColumnClass, type Qualifier } from './column-class.ts';
import type { Concept, HeaderTokens } from './header-tokens.ts';
import { evidence, share, type ColumnProfile } from './value-shapes.ts';

export type Concepts = Set<Concept>;
export interface Context {
  header: string;
  index: number;
  tokens: HeaderTokens;
  concepts: Concepts;
  profile: ColumnProfile;
  qualifier: Qualifier;
  summary: string;
}

export function confirmed(ctx: Context, partial: Partial<ColumnClass>, count: number | null, what: string): ColumnClass {
  const { profile } = ctx;
  let confidence = 0.75;
  let reason = `header tokens ${ctx.summary}`;
  if (count !== null && profile.filled > 0) {
    const ratio = share(profile, count);
    confidence = ratio >= 0.8 ? 0.95 : 0.7 + 0.2 * ratio;
    reason += `; values look like ${what} ${evidence(profile, count)}`;
  } else if (profile.filled === 0) {
    reason += '; no values in the sample';
  }
  return makeClass(ctx.header, ctx.index, profile.filled, {
    qualifier: ctx.qualifier,
    confidence: Math.round(confidence * 100) / 100,
    reason,
    ...partial,
  });
}

export function ignored(ctx: Context, why: string): ColumnClass {
  return makeClass(ctx.header, ctx.index, ctx.profile.filled, { reason: `header tokens ${ctx.summary}: ${why}`, confidence: 0.9 });
}

/** Values either absent or mostly of the expected shape. */
export function fits(profile: ColumnProfile, count: number, threshold = 0.5): boolean {
  return profile.filled === 0 || share(profile, count) >= threshold;
}
