import type { ColumnMapping, MappingDecision } from '../types.ts';

/** Adds a per-field decision with one confidence and reason to a bare mapping (LLM answers, user mappings). */
export function withFieldDecisions(mapping: ColumnMapping, confidence: number, reason: string): MappingDecision {
  const fields: MappingDecision['fields'] = {};
  for (const [field, value] of Object.entries(mapping.columns) as Array<[keyof MappingDecision['fields'], string | string[]]>) {
    fields[field] = { headers: Array.isArray(value) ? [...value] : [value], confidence, reason };
  }
  return { ...mapping, fields };
}
