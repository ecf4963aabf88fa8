import { createDb } from '@bej/db';
import type { Logger } from '@bej/logger';
import { QueueClient, createQueueWorker, createRedis, warnIfRedisEvicts } from '@bej/queue';
import { billingHandlers } from './billing-events.handler.ts';
import type { BillingEnv } from './env.ts';
import { startReconcileLoop } from './reconcile-loop.ts';
import { startCallbackDelivery } from './callbacks/callback-delivery.service.ts';

/** Builds the billing consumer and the reconciler; `main.ts` and the end-to-end tests both use it. */
export async function startBilling(env: BillingEnv, logger: Logger) {
  const workerRedis = createRedis(env.REDIS_URL, 'worker');
  const producerRedis = createRedis(env.REDIS_URL, 'producer');
  for (const redis of [workerRedis, producerRedis]) redis.on('error', (err) => logger.error('redis error', { err: err.message }));
  const database = createDb(env.DATABASE_URL);
  const queues = new QueueClient(producerRedis, env.QUEUE_PREFIX, logger);
  await warnIfRedisEvicts(producerRedis, logger);
  const worker = createQueueWorker('batch-enrich-billing', billingHandlers({ db: database.db, logger, live: { redis: producerRedis, prefix: env.QUEUE_PREFIX, graceSeconds: env.LIVE_TRAIL_GRACE_S } }), {
    connection: workerRedis,
    prefix: env.QUEUE_PREFIX,
    concurrency: 4,
    logger,
  });
  const reconciler = startReconcileLoop({ db: database.db, queues, logger, stallMs: env.RECONCILE_STALL_MS }, env.RECONCILE_INTERVAL_MS);
  const callbackSteps = startCallbackDelivery({ env, db: database.db, queues, workerRedis, logger });
  logger.info('billing started', { queue_prefix: env.QUEUE_PREFIX });
  return {
    steps: [
      { name: 'reconciler', run: () => reconciler.stop() },
      { name: 'worker', run: () => worker.close() },
      ...callbackSteps,
      { name: 'queues', run: () => queues.close() },
      { name: 'redis', run: async () => Promise.all([workerRedis.quit(), producerRedis.quit()]) },
      { name: 'database', run: () => database.close() },
    ],
  };
}
