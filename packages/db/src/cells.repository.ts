import { sql } from 'drizzle-orm';
import type { Executor } from './client.ts';

/** The most cells any row of the job has (rows wider than the header are stored whole). */
export async function widestRowCells(db: Executor, jobId: string): Promise<number> {
  const result = await db.execute<{ widest: number }>(sql`
    select coalesce(max(jsonb_array_length(cells)), 0)::int as widest from batch_enrich_row where job_id = ${jobId}`);
  return result.rows[0]?.widest ?? 0;
}
