import type { z } from 'zod';
import type { ColumnMapping, MappingDecision } from '@bej/leads';

// The mapping shapes themselves are declared once, in @bej/leads (column-mapping.schema.ts).

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
