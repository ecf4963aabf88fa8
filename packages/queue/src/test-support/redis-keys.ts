import type { Redis } from 'ioredis';

/**
 * Removes every key under `prefix:` (a test's or bench's own QUEUE_PREFIX). SCAN, never KEYS,
 * so a Redis shared with other runs is not blocked; returns how many keys were deleted.
 */
export async function deleteKeysWithPrefix(redis: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) deleted += await redis.del(...keys);
  } while (cursor !== '0');
  return deleted;
}
