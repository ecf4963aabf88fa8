import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from './client.ts';
import { batchEnrichJobs } from './schema.ts';

/**
 * Sets a job's spend cap; null when the cap would be below what the job has already spent
 * (the job's CHECK would refuse it) or the job is gone.
 */
export async function setSpendCap(db: Executor, jobId: string, maxSpendMicro: number): Promise<{ maxSpendMicro: number } | null> {
  const [job] = await db
    .update(batchEnrichJobs)
    .set({ maxSpendMicro, updatedAt: new Date() })
    .where(and(eq(batchEnrichJobs.id, jobId), sql`${batchEnrichJobs.ledgerSpentMicro} <= ${maxSpendMicro}`))
    .returning({ maxSpendMicro: batchEnrichJobs.maxSpendMicro });
  return job?.maxSpendMicro != null ? { maxSpendMicro: job.maxSpendMicro } : null;
}

export interface QuoteCounts {
  /** Rows not hunted yet (pending or queued): what a start or resume would enrich. */
  toEnrich: number;
  invalid: number;
  skipped: number;
}

/** The row counts behind a quote, in one pass over the job's rows. */
export async function quoteCounts(db: Executor, jobId: string): Promise<QuoteCounts> {
  const result = await db.execute<{ to_enrich: number; invalid: number; skipped: number }>(sql`
    select
      count(*) filter (where status in ('pending', 'queued'))::int as to_enrich,
      count(*) filter (where status = 'invalid')::int as invalid,
      count(*) filter (where status = 'skipped')::int as skipped
    from batch_enrich_row where job_id = ${jobId}`);
  const row = result.rows[0]!;
  return { toEnrich: row.to_enrich, invalid: row.invalid, skipped: row.skipped };
}
