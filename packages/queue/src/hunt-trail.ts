import type { Redis } from 'ioredis';
import { huntKeys } from './hunt-events.ts';

/**
 * A finished batch's live trail (the resumable stream of hunt events) quotes the leads'
 * values in its search tails; once every row's own history is in PostgreSQL it has done its
 * job, so it is removed rather than left to its 24 h expiry. Row lists are already removed
 * by each row's final event. Idempotent.
 */
export async function dropHuntTrail(redis: Redis, prefix: string, jobId: string): Promise<void> {
  await redis.unlink(huntKeys.stream(prefix, jobId));
}
