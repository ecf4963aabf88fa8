/** What the per-column rules share: the column read as header concepts plus value profile, and how a rule answers. */
import { makeClass, type ColumnClass, type Qualifier } from './column-class.ts';
import type { Concept, HeaderTokens } from './header-tokens.ts';
import {
  CONFIDENCE_CONFIRMED, CONFIDENCE_FLOOR, CONFIDENCE_HEADER_ONLY, CONFIDENCE_IGNORED, CONFIDENCE_SLOPE, CONFIDENCE_STRONG_SHARE,
  HEADER_CONFIRMED,
} from './thresholds.ts';
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

/** A column read from its header by rule `rule`, with `count` values of the shape `what` confirming it. */
export function confirmed(ctx: Context, rule: string, partial: Partial<ColumnClass>, count: number | null, what: string): ColumnClass {
  const { profile } = ctx;
  let confidence = CONFIDENCE_HEADER_ONLY;
  let reason = `rule ${rule}: header tokens ${ctx.summary}`;
  if (count !== null && profile.filled > 0) {
    const ratio = share(profile, count);
    confidence = ratio >= CONFIDENCE_STRONG_SHARE ? CONFIDENCE_CONFIRMED : CONFIDENCE_FLOOR + CONFIDENCE_SLOPE * ratio;
    reason += `; values look like ${what} ${evidence(profile, count)}`;
  } else if (profile.filled === 0) {
    reason += '; no values in the sample';
  }
  return makeClass(ctx.header, ctx.index, profile.filled, {
    qualifier: ctx.qualifier,
    confidence: Math.round(confidence * 100) / 100,
    reason,
    rule,
    ...partial,
  });
}

/** A column rule `rule` reads as feeding nothing, for the reason `why`. */
export function ignored(ctx: Context, rule: string, why: string): ColumnClass {
  return makeClass(ctx.header, ctx.index, ctx.profile.filled, {
    reason: `rule ${rule}: header tokens ${ctx.summary}: ${why}`, rule, confidence: CONFIDENCE_IGNORED,
  });
}

/** Values either absent or mostly of the expected shape. */
export function fits(profile: ColumnProfile, count: number, threshold = HEADER_CONFIRMED): boolean {
  return profile.filled === 0 || share(profile, count) >= threshold;
}
