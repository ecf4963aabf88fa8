import { z } from 'zod';
import { CANONICAL_FIELDS, VARIANT_KINDS, type ColumnMapping, type MappingDecision } from '@bej/leads';

const canonicalFieldSet = new Set<string>(CANONICAL_FIELDS);

const headerOrHeaders = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

/** Canonical field → header(s); a key that is not a canonical field is an error, not something to drop quietly. */
const columnsSchema = z.record(z.string(), headerOrHeaders).superRefine((columns, ctx) => {
  for (const key of Object.keys(columns)) {
    if (!canonicalFieldSet.has(key)) ctx.addIssue({ code: 'custom', message: `unknown canonical field "${key}"`, path: [key] });
  }
});

/** A mapping as stored and exchanged: strict, every part present. */
export const columnMappingSchema = z.object({
  columns: columnsSchema,
  search_variants: z.array(z.object({ header: z.string().min(1), kind: z.enum(VARIANT_KINDS) })),
  chat_label: z.object({ primary_column: z.string().nullable(), location_columns: z.array(z.string()) }),
});

const fieldDecisionSchema = z.object({
  headers: z.array(z.string()),
  confidence: z.number().min(0).max(1),
  reason: z.string(),
});

export const mappingDecisionSchema = columnMappingSchema.extend({
  fields: z.record(z.string(), fieldDecisionSchema),
});

/** Narrows a parsed mapping to the shared type (keys were checked against CANONICAL_FIELDS). */
export function asColumnMapping(parsed: z.infer<typeof columnMappingSchema>): ColumnMapping {
  return parsed as ColumnMapping;
}

export function asMappingDecision(parsed: z.infer<typeof mappingDecisionSchema>): MappingDecision {
  return parsed as MappingDecision;
}

/** Adds a per-field decision with one confidence and reason to a bare mapping (LLM or user answers). */
export function withFieldDecisions(mapping: ColumnMapping, confidence: number, reason: string): MappingDecision {
  const fields: MappingDecision['fields'] = {};
  for (const [field, value] of Object.entries(mapping.columns) as Array<[keyof MappingDecision['fields'], string | string[]]>) {
    fields[field] = { headers: Array.isArray(value) ? [...value] : [value], confidence, reason };
  }
  return { ...mapping, fields };
}

/** Zod issues as short strings; paths and messages only, never input values. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
}
