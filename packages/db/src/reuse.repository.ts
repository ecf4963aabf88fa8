import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from './client.ts';

/**
 * Rows of `jobId` waiting to be hunted (pending or queued) that can take the result of an
 * identical lead (same canonical input and search variants, `lead_key`) that the same agent
 * hunted and matched within `withinDays`, when the job dedupes. A row that was debited by an
 * earlier attempt is left to the worker (already paid, never twice). Only original hunts are
 * sources, so a copy never extends the window; the newest source wins.
 */
function reusableRows(input: { jobId: string; agentId: string; withinDays: number }): SQL {
  const { jobId, agentId, withinDays } = input;
  return sql`
    select distinct on (r.row_index) r.row_index, s.job_id as source_job, s.row_index as source_row, s.result,
      s.found_people, s.found_phones, s.found_emails
    from batch_enrich_row r
    join batch_enrich_job j on j.id = r.job_id and j.dedupe and j.agent_id = ${agentId}
    join batch_enrich_row s on s.lead_key = r.lead_key and s.status = 'done' and s.matched and not s.reused
      and s.finished_at > now() - make_interval(days => ${withinDays})
    join batch_enrich_job sj on sj.id = s.job_id and sj.agent_id = ${agentId}
    where r.job_id = ${jobId} and r.status in ('pending', 'queued')
      and not exists (
        select 1 from ledger_entries l where l.job_id = r.job_id and l.row_index = r.row_index and l.kind = 'row_debit')
    order by r.row_index, s.finished_at desc`;
}

/**
 * Finishes every reusable row of a job at once, at no charge, before its run queues the rest
 * (one statement, in the start's transaction): `done`, matched, `reused`, the source's graph
 * with this row's own input, and a row event naming the source by ids. Returns how many.
 */
export async function reuseEarlierResults(db: Executor, input: { jobId: string; agentId: string; withinDays: number }): Promise<number> {
  const result = await db.execute<{ reused: number }>(sql`
    with source as (${reusableRows(input)}
    ), fin as (
      update batch_enrich_row r set status = 'done', matched = true, spent_micro = 0, reused = true,
        result = jsonb_set(source.result, '{input}', r.input), found_people = source.found_people,
        found_phones = source.found_phones, found_emails = source.found_emails, error = null,
        started_at = now(), finished_at = now()
      from source
      where r.job_id = ${input.jobId} and r.row_index = source.row_index and r.status in ('pending', 'queued')
      returning r.row_index, source.source_job, source.source_row
    ), events as (
      insert into batch_enrich_row_event (job_id, row_index, type, message)
      select ${input.jobId}, row_index, 'reused', 'result reused from job ' || source_job || ' row ' || source_row || ' (same lead, same agent); not charged'
      from fin
    )
    select count(*)::int as reused from fin`);
  return result.rows[0]!.reused;
}

/** How many rows a start would finish by reuse now (the quote's `reusable_rows`). */
export async function countReusableRows(db: Executor, input: { jobId: string; agentId: string | null; withinDays: number }): Promise<number> {
  if (input.agentId === null) return 0;
  const result = await db.execute<{ n: number }>(sql`select count(*)::int as n from (${reusableRows({ ...input, agentId: input.agentId })}) reusable`);
  return result.rows[0]!.n;
}
