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
  /** Rows to enrich whose identical lead this agent matched recently: they would be reused, free. */
  reusable: number;
}

/** The counts behind a quote, in one pass over the job's rows. */
export async function quoteCounts(db: Executor, jobId: string, agentId: string | null, reuseWithinDays: number): Promise<QuoteCounts> {
  const result = await db.execute<{ to_enrich: number; invalid: number; skipped: number; reusable: number }>(sql`
    select
      count(*) filter (where r.status in ('pending', 'queued'))::int as to_enrich,
      count(*) filter (where r.status = 'invalid')::int as invalid,
      count(*) filter (where r.status = 'skipped')::int as skipped,
      count(*) filter (where r.status in ('pending', 'queued') and j.dedupe and exists (
        select 1 from batch_enrich_row s join batch_enrich_job sj on sj.id = s.job_id and sj.agent_id = ${agentId}
        where s.lead_key = r.lead_key and s.status = 'done' and s.matched and not s.reused
          and s.finished_at > now() - make_interval(days => ${reuseWithinDays})))::int as reusable
    from batch_enrich_row r join batch_enrich_job j on j.id = r.job_id
    where r.job_id = ${jobId}`);
  const row = result.rows[0]!;
  return { toEnrich: row.to_enrich, invalid: row.invalid, skipped: row.skipped, reusable: agentId === null ? 0 : row.reusable };
}
