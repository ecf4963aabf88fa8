import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

/** A QUEUE_PREFIX no other test file or stack uses. */
export function uniqueTestPrefix(): string {
  return `test-mapper-${randomBytes(6).toString('hex')}`;
}

/** Removes every key under `prefix:` (SCAN, never KEYS, so a shared Redis is not blocked). */
export async function deleteKeysWithPrefix(redis: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) deleted += await redis.del(...keys);
  } while (cursor !== '0');
  return deleted;
}
