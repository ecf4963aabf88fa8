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
