import type { Redis } from 'ioredis';

interface PolicyLogger {
  warn(message: string, meta?: Record<string, unknown>): unknown;
}

/**
 * BullMQ keeps jobs, locks and the delivery lists in Redis: a policy that evicts keys under
 * memory pressure silently drops deliveries (the reconciler re-delivers them from PostgreSQL,
 * but late). Warns at start-up when the server would evict; returns the policy seen, or null
 * when the server does not allow CONFIG (managed Redis): that is said in the log too.
 */
export async function warnIfRedisEvicts(redis: Redis, logger: PolicyLogger): Promise<string | null> {
  let policy: string | null;
  try {
    // Producers do not queue commands while connecting: wait for the connection first.
    if (redis.status !== 'ready') await waitUntilReady(redis, 5_000);
    const reply = (await redis.config('GET', 'maxmemory-policy')) as string[];
    policy = reply[1] ?? null;
  } catch (err) {
    logger.warn('could not read Redis maxmemory-policy; make sure it is noeviction', { err: (err as Error).message });
    return null;
  }
  if (policy !== null && policy !== 'noeviction') {
    logger.warn('Redis maxmemory-policy evicts keys: queued deliveries can be lost; set maxmemory-policy noeviction', {
      maxmemory_policy: policy,
    });
  }
  return policy;
}

function waitUntilReady(redis: Redis, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      redis.off('ready', onReady);
      reject(new Error(`Redis not ready after ${timeoutMs} ms`));
    }, timeoutMs);
    const onReady = () => {
      clearTimeout(timer);
      resolve();
    };
    redis.once('ready', onReady);
  });
}
