import { deriveRow, type CanonicalLead, type ColumnMapping, type BatchMapping, type MappingDecision, type MappingSource, type RowVariant } from '@bej/leads';
import type { QueueClient } from '@bej/queue';

interface DerivedStoredRow {
  rowIndex: number;
  input: CanonicalLead;
  searchVariants: RowVariant[];
  chatTitle: string | null;
  status: 'pending' | 'invalid' | 'skipped';
  /** Why a row is not enriched although it may hold a lead: it is wider than the header. */
  error: string | null;
}

// Time spent deriving (~65 µs a row, phones parsed) before the event loop gets a turn; the clock
// is read every few rows.
const DERIVE_SLICE_MS = 10;
const ROWS_PER_CLOCK_READ = 16;

/** The job's mapping object: what feeds what, from where, and which headers feed nothing. */
export function buildBatchMapping(
  decision: MappingDecision,
  source: MappingSource,
  file: { headers: string[]; delimiter: string | null; encoding: string | null },
): BatchMapping {
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
export function deriveBatchRows(
  headers: string[],
  rows: Array<{ rowIndex: number; cells: string[] }>,
  mapping: ColumnMapping,
  processLimit: number | null,
): DerivedStoredRow[] {
  return rows.map(({ rowIndex, cells }) => {
    const derived = deriveRow(headers, cells, mapping);
    // Its cells past the header belong to no column, so the ones before them may be shifted too:
    // enriching (and billing) it would search the wrong values. Stored whole, reported, not enriched.
    const wide = cells.length > headers.length;
    const status = processLimit !== null && rowIndex >= processLimit ? 'skipped' : derived.valid && !wide ? 'pending' : 'invalid';
    const error = wide
      ? `too_many_fields: the row has ${cells.length} fields and the header ${headers.length}, so its values may sit under the wrong columns; fix the row (often an unquoted delimiter inside a value) and upload again`
      : null;
    return { rowIndex, input: derived.input, searchVariants: derived.variants, chatTitle: derived.chatTitle, status, error };
  });
}

/**
 * {@link deriveBatchRows} for a whole file, one slice at a time: each slice is about
 * {@link DERIVE_SLICE_MS} of work, and the event loop gets a turn after each, so other requests
 * are served while a large file is derived (and its consumer can store one slice while the next
 * is derived).
 */
export async function* deriveBatchRowSlices(
  headers: string[],
  rows: Array<{ rowIndex: number; cells: string[] }>,
  mapping: BatchMapping,
  processLimit: number | null,
): AsyncGenerator<DerivedStoredRow[]> {
  let slice: DerivedStoredRow[] = [];
  let deadline = performance.now() + DERIVE_SLICE_MS;
  for (let start = 0; start < rows.length; start += ROWS_PER_CLOCK_READ) {
    for (const row of deriveBatchRows(headers, rows.slice(start, start + ROWS_PER_CLOCK_READ), mapping, processLimit)) slice.push(row);
    if (performance.now() >= deadline) {
      yield slice;
      slice = [];
      await new Promise((resolve) => setImmediate(resolve));
      deadline = performance.now() + DERIVE_SLICE_MS;
    }
  }
  if (slice.length > 0) yield slice;
}

/** {@link deriveBatchRows} for a whole file, handing the event loop back between slices of rows. */
export async function deriveBatchRowsYielding(
  headers: string[],
  rows: Array<{ rowIndex: number; cells: string[] }>,
  mapping: BatchMapping,
  processLimit: number | null,
): Promise<DerivedStoredRow[]> {
  const derived: DerivedStoredRow[] = [];
  for await (const slice of deriveBatchRowSlices(headers, rows, mapping, processLimit)) for (const row of slice) derived.push(row);
  return derived;
}

/**
 * A map the user gave is the best evidence there is: the mapper stores it in the agent's cache
 * (anonymous uploads: the shared anonymous namespace) so the next file of this shape maps itself.
 */
export async function rememberUserMapping(queues: QueueClient, agentId: string | null, headers: string[], mapping: BatchMapping) {
  await queues.enqueue('mapping.remember', {
    namespace: agentId ?? 'anonymous',
    headers,
    mapping: { columns: mapping.columns, search_variants: mapping.search_variants, chat_label: mapping.chat_label },
  });
}
