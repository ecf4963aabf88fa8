import { deriveRow, type ColumnMapping, type JobMapping, type MappingDecision, type MappingSource } from '@bej/leads';
import type { QueueClient } from '@bej/queue';

export interface DerivedStoredRow {
  rowIndex: number;
  input: unknown;
  searchVariants: unknown;
  chatTitle: string | null;
  status: 'pending' | 'invalid' | 'skipped';
}

/** The job's mapping object: what feeds what, from where, and which headers feed nothing. */
export function buildJobMapping(
  decision: MappingDecision,
  source: MappingSource,
  file: { headers: string[]; delimiter: string; encoding: string },
): JobMapping {
  const used = new Set([
    ...Object.values(decision.columns).flatMap((ref) => (Array.isArray(ref) ? ref : [ref])),
    ...decision.search_variants.map((v) => v.header),
  ]);
  return {
    source,
    columns: decision.columns,
    search_variants: decision.search_variants,
    chat_label: decision.chat_label,
    delimiter: file.delimiter,
    encoding: file.encoding,
    fields: decision.fields,
    unmapped_headers: file.headers.filter((h) => !used.has(h)),
  };
}

/** Every row of the file through the mapping: past the limit skipped, else pending or invalid. */
export function deriveJobRows(
  headers: string[],
  rows: Array<{ rowIndex: number; cells: string[] }>,
  mapping: ColumnMapping,
  processLimit: number | null,
): DerivedStoredRow[] {
  return rows.map(({ rowIndex, cells }) => {
    const derived = deriveRow(headers, cells, mapping);
    const status = processLimit !== null && rowIndex >= processLimit ? 'skipped' : derived.valid ? 'pending' : 'invalid';
    return { rowIndex, input: derived.input, searchVariants: derived.variants, chatTitle: derived.chatTitle, status };
  });
}

/**
 * A map the user gave is the best evidence there is: the mapper stores it in the agent's cache
 * (anonymous uploads: the shared anonymous namespace) so the next file of this shape maps itself.
 */
export async function rememberUserMapping(queues: QueueClient, agentId: string | null, headers: string[], mapping: JobMapping) {
  await queues.enqueue('mapping.remember', {
    namespace: agentId ?? 'anonymous',
    headers,
    mapping: { columns: mapping.columns, search_variants: mapping.search_variants, chat_label: mapping.chat_label },
  });
}
