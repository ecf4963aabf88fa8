import { batchTotals, microToUsd, type Executor, type BatchRecord, type BatchTotals } from '@bej/db';

/** The contract's counts, in its order (a row is in exactly one of the statuses; done = matched + empty). */
function presentCounts({ counts }: BatchTotals) {
  const { pending, queued, running, done, matched, empty, failed, skipped, invalid } = counts;
  return { pending, queued, running, done, matched, empty, failed, skipped, invalid };
}

/** The job object (the `Job` schema of /api/v1/openapi.json): counts and settings only, never a value from the file. */
export async function presentBatch(db: Executor, job: BatchRecord) {
  const totals = await batchTotals(db, job.id);
  return {
    id: job.id,
    status: job.status,
    paused_reason: job.pausedReason,
    file_row_count: job.fileRowCount,
    stored_row_count: job.storedRowCount,
    row_count: job.rowCount,
    process_limit: job.processLimit,
    counts: presentCounts(totals),
    /** Rows wider than the header: stored `invalid` with the reason on the row, never cut or enriched. */
    malformed_rows: job.malformedRowCount,
    price_usd: microToUsd(job.priceMicro),
    spent_usd: microToUsd(totals.spentMicro),
    max_spend_usd: job.maxSpendMicro === null ? null : microToUsd(job.maxSpendMicro),
    mapping: job.mapping,
    callback_url: job.callbackUrl,
    created_at: job.createdAt.toISOString(),
    updated_at: (totals.lastRowAt && totals.lastRowAt > job.updatedAt ? totals.lastRowAt : job.updatedAt).toISOString(),
    completed_at: job.completedAt ? job.completedAt.toISOString() : null,
  };
}

export type BatchObject = Awaited<ReturnType<typeof presentBatch>>;

/** The preview: counts and totals of what was found, nothing else. */
export async function presentPreview(db: Executor, job: BatchRecord) {
  const totals = await batchTotals(db, job.id);
  return {
    id: job.id,
    status: job.status,
    counts: presentCounts(totals),
    found: totals.found,
    spent_usd: microToUsd(totals.spentMicro),
  };
}
