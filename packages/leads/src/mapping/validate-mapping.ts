import { z } from 'zod';
import { CANONICAL_FIELDS, VARIANT_KINDS, type ColumnMapping } from '../types.ts';

const headerList = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

// The shape check runs first so LLM output and user overrides fail with a message, not a TypeError.
const columnMappingSchema = z.object({
  columns: z.partialRecord(z.enum(CANONICAL_FIELDS), headerList),
  search_variants: z.array(z.object({ header: z.string().min(1), kind: z.enum(VARIANT_KINDS) })),
  chat_label: z.object({
    primary_column: z.string().min(1).nullable(),
    location_columns: z.array(z.string().min(1)),
  }),
});

export type MappingValidation = { ok: true } | { ok: false; problems: string[] };

/**
 * Checks a mapping against the file's headers: every referenced header exists, no header feeds
 * two columns or variants, variant kinds are known, chat label headers exist. Used for heuristic,
 * LLM and user-supplied mappings alike.
 */
export function validateColumnMapping(headers: string[], mapping: ColumnMapping): MappingValidation {
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
  const { primary_column, location_columns } = parsed.data.chat_label;
  for (const header of [primary_column, ...location_columns]) {
    if (header !== null && !known.has(header)) problems.push(`chat_label names header '${header}', which the file does not have`);
  }
  return problems.length === 0 ? { ok: true } : { ok: false, problems };
}
