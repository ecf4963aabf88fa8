import type { Redis } from 'ioredis';
import { huntKeys } from './hunt-events.ts';

/**
 * A finished batch's live trail (the resumable stream of hunt events) quotes the leads' values
 * in its search tails. Once every row's own history is in PostgreSQL it only serves clients
 * that reconnect with Last-Event-ID, so it is kept `graceSeconds` more (0: removed at once)
 * instead of its 24 h idle expiry. Row lists are already removed by each row's final event.
 * Idempotent.
 */
export async function shortenHuntTrail(redis: Redis, prefix: string, jobId: string, graceSeconds: number): Promise<void> {
  const key = huntKeys.stream(prefix, jobId);
  if (graceSeconds <= 0) await redis.unlink(key);
  else await redis.expire(key, graceSeconds);
}
