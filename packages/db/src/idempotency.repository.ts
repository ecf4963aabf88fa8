import { and, eq } from 'drizzle-orm';
import type { Executor } from './client.ts';
import type { BatchRecord } from './batches.repository.ts';
import { batchEnrichJobs } from './schema.ts';

/** The job an agent created earlier with this Idempotency-Key, if any. */
export async function findBatchByIdempotencyKey(db: Executor, agentId: string, key: string): Promise<BatchRecord | null> {
  const [job] = await db
    .select()
    .from(batchEnrichJobs)
    .where(and(eq(batchEnrichJobs.agentId, agentId), eq(batchEnrichJobs.idempotencyKey, key)));
  return job ?? null;
}

/** True when `err` is the unique violation of a concurrent request that used the same key. */
export function isIdempotencyConflict(err: unknown): boolean {
  const cause = (err as { cause?: unknown }).cause ?? err;
  const pgErr = cause as { code?: string; constraint?: string };
  return pgErr.code === '23505' && pgErr.constraint === 'batch_enrich_job_idempotency_key';
}
