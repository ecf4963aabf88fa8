import { jobTotals, microToUsd, type Executor, type JobRecord } from '@bej/db';

/** The job object of CONTRACT section 4: counts and settings only, never a value from the file. */
export async function presentJob(db: Executor, job: JobRecord) {
  const totals = await jobTotals(db, job.id);
  const { counts } = totals;
  return {
    id: job.id,
    status: job.status,
    paused_reason: job.pausedReason,
    file_row_count: job.fileRowCount,
    stored_row_count: job.storedRowCount,
    row_count: job.rowCount,
    process_limit: job.processLimit,
    counts: {
      pending: counts.pending,
      queued: counts.queued,
      running: counts.running,
      done: counts.done,
      matched: counts.matched,
      empty: counts.empty,
      failed: counts.failed,
      skipped: counts.skipped,
      invalid: counts.invalid,
    },
    price_usd: microToUsd(job.priceMicro),
    spent_usd: microToUsd(totals.spentMicro),
    max_spend_usd: job.maxSpendMicro === null ? null : microToUsd(job.maxSpendMicro),
    mapping: job.mapping,
    created_at: job.createdAt.toISOString(),
    updated_at: (totals.lastRowAt && totals.lastRowAt > job.updatedAt ? totals.lastRowAt : job.updatedAt).toISOString(),
    completed_at: job.completedAt ? job.completedAt.toISOString() : null,
  };
}

export type JobObject = Awaited<ReturnType<typeof presentJob>>;

/** The preview: counts and totals of what was found, nothing else. */
export async function presentPreview(db: Executor, job: JobRecord) {
  const totals = await jobTotals(db, job.id);
  const { counts } = totals;
  return {
    id: job.id,
    status: job.status,
    counts: {
      pending: counts.pending,
      queued: counts.queued,
      running: counts.running,
      done: counts.done,
      matched: counts.matched,
      empty: counts.empty,
      failed: counts.failed,
      skipped: counts.skipped,
      invalid: counts.invalid,
    },
    found: totals.found,
    spent_usd: microToUsd(totals.spentMicro),
  };
}
