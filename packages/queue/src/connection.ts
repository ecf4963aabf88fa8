import { Redis } from 'ioredis';

/**
 * Workers block on Redis and must never give up on a command (BullMQ requires
 * maxRetriesPerRequest null); producers on the request path fail fast instead.
 */
export function createRedis(url: string, role: 'worker' | 'producer'): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: role === 'worker' ? null : 3,
    enableOfflineQueue: role === 'worker',
    lazyConnect: false,
  });
}

/**
 * Readiness ping: waits (up to `timeoutMs`) for a connection still being opened, then PINGs.
 * A producer connection has no offline queue, so a bare PING right after start-up would fail.
 */
export async function pingRedis(redis: Redis, timeoutMs = 2_000): Promise<void> {
  if (redis.status !== 'ready') {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        redis.off('ready', onReady);
        reject(new Error(`Redis connection is ${redis.status} after ${timeoutMs} ms`));
      }, timeoutMs);
      const onReady = () => {
        clearTimeout(timer);
        resolve();
      };
      redis.once('ready', onReady);
    });
  }
  await redis.ping();
}
