import { sql } from 'drizzle-orm';
import type { Executor } from './client.ts';
import { refundCtes } from './ledger.repository.ts';

/**
 * Finishes a claimed row with the result of an identical lead (same canonical input and search
 * variants) that the same agent had hunted and matched within `withinDays`, at no charge; a
 * debit left by an earlier attempt of this row is credited back in the same statement. Only
 * original hunts are sources, so a copy never extends the window. False when there is none
 * (or the job does not dedupe): the row is hunted as usual.
 */
export async function reuseEarlierResult(
  db: Executor,
  input: { agentId: string; jobId: string; rowIndex: number; withinDays: number },
): Promise<boolean> {
  const { agentId, jobId, rowIndex, withinDays } = input;
  const refund = refundCtes({ agentId, jobId, rowIndex, reason: 'result reused' }, sql`exists (select 1 from fin)`);
  const result = await db.execute<{ reused: number }>(sql`
    with me as (
      select r.lead_key, j.agent_id from batch_enrich_row r join batch_enrich_job j on j.id = r.job_id
      where r.job_id = ${jobId} and r.row_index = ${rowIndex} and r.status = 'running' and j.dedupe and j.agent_id = ${agentId}
    ), source as (
      select s.job_id, s.row_index, s.result, s.found_people, s.found_phones, s.found_emails
      from me
      join batch_enrich_row s on s.lead_key = me.lead_key and s.status = 'done' and s.matched and not s.reused
        and s.finished_at > now() - make_interval(days => ${withinDays})
      join batch_enrich_job sj on sj.id = s.job_id and sj.agent_id = me.agent_id
      where not (s.job_id = ${jobId} and s.row_index = ${rowIndex})
      order by s.finished_at desc limit 1
    ), fin as (
      update batch_enrich_row r set status = 'done', matched = true, spent_micro = 0, reused = true,
        result = jsonb_set(source.result, '{input}', r.input), found_people = source.found_people,
        found_phones = source.found_phones, found_emails = source.found_emails, error = null, finished_at = now()
      from source
      where r.job_id = ${jobId} and r.row_index = ${rowIndex} and r.status = 'running'
      returning source.job_id as source_job, source.row_index as source_row
    ), events as (
      insert into batch_enrich_row_event (job_id, row_index, type, message)
      select ${jobId}, ${rowIndex}, 'reused', 'result reused from job ' || source_job || ' row ' || source_row || ' (same lead, same agent); not charged'
      from fin
    ), ${refund}
    select (select count(*) from fin)::int as reused`);
  return result.rows[0]!.reused > 0;
}
