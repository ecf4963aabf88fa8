import { CANONICAL_FIELDS, type ResultGraph } from './types.ts';

/** Key order of each object in the graph, as the download's columns should read. */
const GRAPH_ORDER = ['input', 'contacts', 'phones', 'emails', 'entities', 'confidence', 'summary_markdown'];
const ITEM_ORDER: Record<string, string[]> = {
  contacts: ['display_name', 'title', 'phones', 'emails'],
  phones: ['e164', 'type'],
  emails: ['address', 'type'],
  entities: ['legal_name', 'jurisdiction', 'registration_id'],
};

function ordered(value: Record<string, unknown>, order: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of order) if (key in value) out[key] = value[key];
  for (const key of Object.keys(value).sort()) if (!(key in out)) out[key] = value[key];
  return out;
}

/**
 * PostgreSQL's jsonb does not keep key order, so a graph read back is put in its declared
 * order (canonical fields first, then contacts, phones, ...) before it is flattened;
 * keys the order does not know follow alphabetically, so every row agrees.
 */
export function orderResultGraph(graph: Partial<ResultGraph> & Record<string, unknown>): Record<string, unknown> {
  const top = ordered(graph, GRAPH_ORDER);
  if (top.input && typeof top.input === 'object') top.input = ordered(top.input as Record<string, unknown>, CANONICAL_FIELDS);
  for (const [key, order] of Object.entries(ITEM_ORDER)) {
    const items = top[key];
    if (Array.isArray(items)) {
      top[key] = items.map((item) => (item && typeof item === 'object' && !Array.isArray(item) ? ordered(item as Record<string, unknown>, order) : item));
    }
  }
  return top;
}
