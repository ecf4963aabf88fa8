import { createDb } from '@bej/db';
import type { Logger } from '@bej/logger';
import { QueueClient, createQueueWorker, createRedis, warnIfRedisEvicts } from '@bej/queue';
import { withDatabaseBackoff } from './database-backoff.ts';
import { createEnrichRowHandler } from './enrich-row.handler.ts';
import { countRowOutcomes, timedProvider } from './enrich-worker.metrics.ts';
import type { EnrichWorkerEnv } from './env.ts';
import { createHuntEventBus } from './hunt/hunt-event-bus.ts';
import { createProvider } from './providers/create-provider.ts';
import { closeWorkerWithin } from './close-worker.ts';
import type { EnrichProvider } from './providers/provider.ts';

interface RunningService {
  /** Close steps in shutdown order: stop taking work, then queues, Redis, pool. */
  steps: Array<{ name: string; run: () => Promise<unknown> }>;
}

/** Builds the row worker from its env; `main.ts` and the end-to-end tests both use it. */
export async function startEnrichWorker(env: EnrichWorkerEnv, logger: Logger, provider?: EnrichProvider): Promise<RunningService> {
  const hunter = provider ?? (await createProvider(env));
  const workerRedis = createRedis(env.REDIS_URL, 'worker');
  const producerRedis = createRedis(env.REDIS_URL, 'producer');
  for (const redis of [workerRedis, producerRedis]) redis.on('error', (err) => logger.error('redis error', { err: err.message }));
  // Each concurrent row holds at most one connection at a time.
  const database = createDb(env.DATABASE_URL, { max: env.WORKER_DB_POOL_MAX ?? Math.min(env.WORKER_CONCURRENCY + 2, 40) });
  const queues = new QueueClient(producerRedis, env.QUEUE_PREFIX, logger);
  await warnIfRedisEvicts(producerRedis, logger);
  const stopping = new AbortController();
  const enrichRow = createEnrichRowHandler({
    db: database.db,
    queues,
    provider: timedProvider(hunter, env.ENRICH_HUNT_MODEL),
    logger,
    bus: createHuntEventBus(producerRedis, env.QUEUE_PREFIX, logger),
    slowDown: (ms) => queues.queue('batch-enrich-rows').rateLimit(ms),
    leaseMs: env.ROW_LEASE_MS,
    stopping: stopping.signal,
  });
  const worker = createQueueWorker(
    'batch-enrich-rows',
    { 'row.enrich': withDatabaseBackoff(countRowOutcomes(enrichRow), { logger, stopping: stopping.signal }) },
    // The limiter never binds by itself (far above any real rate); it lets a provider's 429 pause the queue.
    {
      connection: workerRedis,
      prefix: env.QUEUE_PREFIX,
      concurrency: env.WORKER_CONCURRENCY,
      logger,
      limiter: { max: 1_000_000, duration: 1000 },
      lockDurationMs: env.WORKER_LOCK_MS,
    },
  );
  worker.on('failed', (job, err) => logger.warn('row delivery failed', { bull_job: job?.id, err: err.message }));
  logger.info('enrich-worker started', { provider: hunter.name, concurrency: env.WORKER_CONCURRENCY, queue_prefix: env.QUEUE_PREFIX });
  return {
    steps: [
      { name: 'worker', run: () => closeWorkerWithin(worker, env.SHUTDOWN_GRACE_MS, stopping, logger) },
      { name: 'queues', run: () => queues.close() },
      { name: 'redis', run: async () => Promise.all([workerRedis.quit(), producerRedis.quit()]) },
      { name: 'database', run: () => database.close() },
    ],
  };
}
