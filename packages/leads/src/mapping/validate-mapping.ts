import { columnMappingSchema } from '../column-mapping.schema.ts';
import type { ColumnMapping, SearchVariantColumn } from '../types.ts';

export type MappingValidation = { ok: true } | { ok: false; problems: string[] };

/**
 * Checks a mapping against the file's headers: every referenced header exists, no header feeds
 * two columns or variants, variant kinds are known, an address set has at most one city, state and
 * zip, chat label headers exist. Used for heuristic, LLM and user-supplied mappings alike.
 */
export function validateColumnMapping(headers: string[], mapping: ColumnMapping): MappingValidation {
  // The shape check runs first so LLM output and user overrides fail with a message, not a TypeError.
  const parsed = columnMappingSchema.safeParse(mapping);
  if (!parsed.success) {
    return { ok: false, problems: parsed.error.issues.map((issue) => `${issue.path.join('.') || 'mapping'}: ${issue.message}`) };
  }
  const known = new Set(headers);
  const problems: string[] = [];
  const usedBy = new Map<string, string>();
  const use = (header: string, by: string) => {
    if (!known.has(header)) problems.push(`${by} names header '${header}', which the file does not have`);
    const previous = usedBy.get(header);
    if (previous !== undefined) problems.push(`header '${header}' is used by both ${previous} and ${by}`);
    else usedBy.set(header, by);
  };
  for (const [field, value] of Object.entries(parsed.data.columns)) {
    if (value === undefined) continue;
    for (const header of Array.isArray(value) ? value : [value]) use(header, `columns.${field}`);
  }
  parsed.data.search_variants.forEach((variant, index) => use(variant.header, `search_variants[${index}] (${variant.kind})`));
  problems.push(...setProblems(parsed.data.search_variants));
  const { primary_column, location_columns } = parsed.data.chat_label;
  for (const header of [primary_column, ...location_columns]) {
    if (header !== null && !known.has(header)) problems.push(`chat_label names header '${header}', which the file does not have`);
  }
  return problems.length === 0 ? { ok: true } : { ok: false, problems };
}

const ONE_PER_SET = new Set<SearchVariantColumn['kind']>(['city', 'state', 'zip']);

/** A set with two zips (or cities, states) cannot say which one its street goes with. Streets may repeat: they are lines. */
function setProblems(variants: SearchVariantColumn[]): string[] {
  const seen = new Set<string>();
  const problems: string[] = [];
  for (const variant of variants) {
    if (variant.set === undefined || !ONE_PER_SET.has(variant.kind)) continue;
    const key = `${variant.set}|${variant.kind}`;
    if (seen.has(key)) problems.push(`search_variants: address set '${variant.set}' has more than one ${variant.kind}`);
    seen.add(key);
  }
  return problems;
}
