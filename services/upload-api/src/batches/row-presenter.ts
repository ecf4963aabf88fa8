import { microToUsd, type findRowDetail, type listRows } from '@bej/db';

type ListedRow = Awaited<ReturnType<typeof listRows>>[number];
type RowDetail = NonNullable<Awaited<ReturnType<typeof findRowDetail>>>;

export function presentRowSummary(row: ListedRow) {
  return {
    row_index: row.rowIndex,
    status: row.status,
    matched: row.matched === true,
    spent_usd: microToUsd(row.spentMicro),
    // Copied, free, from an identical lead this agent matched recently (`dedupe`).
    reused: row.reused,
    chat_title: row.chatTitle,
  };
}

/** The owner's row page: the lead, its variants, the result without `tool_trace`, and the hunt's events. */
export function presentRowDetail(row: RowDetail, events: Array<{ at: Date | string; type: string; message: string }>) {
  let result: Record<string, unknown> | null = null;
  if (row.result && typeof row.result === 'object') {
    const { tool_trace: _trace, ...rest } = row.result as Record<string, unknown>;
    void _trace;
    result = rest;
  }
  return {
    ...presentRowSummary(row),
    input: row.input,
    search_variants: row.searchVariants,
    result,
    usage: row.huntUsage ?? null,
    error: row.error,
    attempts: row.attempts,
    started_at: row.startedAt ? row.startedAt.toISOString() : null,
    finished_at: row.finishedAt ? row.finishedAt.toISOString() : null,
    events: events.map((e) => ({ at: typeof e.at === 'string' ? e.at : e.at.toISOString(), type: e.type, message: e.message })),
  };
}
