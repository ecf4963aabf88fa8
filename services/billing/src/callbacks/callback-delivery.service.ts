import type { Database } from '@bej/db';
import type { Logger } from '@bej/logger';
import { createQueueWorker, type QueueClient } from '@bej/queue';
import type { Redis } from 'ioredis';
import type { BillingEnv } from '../env.ts';
import { relayCallbacks } from './callback-relay.ts';
import { createDeliverCallbackHandler } from './deliver-callback.job.ts';

/** The outbox relay (a timer) and the delivery worker; returns its shutdown steps. */
export function startCallbackDelivery(deps: { env: BillingEnv; db: Database; queues: QueueClient; workerRedis: Redis; logger: Logger }) {
  const { env, logger } = deps;
  const worker = createQueueWorker(
    'batch-enrich-callbacks',
    {
      'callback.deliver': createDeliverCallbackHandler({
        db: deps.db,
        logger,
        allowPrivate: env.CALLBACK_ALLOW_PRIVATE,
        timeoutMs: env.CALLBACK_TIMEOUT_MS,
      }),
    },
    { connection: deps.workerRedis, prefix: env.QUEUE_PREFIX, concurrency: 10, logger },
  );
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    // One relay pass at a time; a slow pass is not stacked on.
    running = running.then(() =>
      relayCallbacks(deps, { attempts: env.CALLBACK_MAX_ATTEMPTS, retryDelayMs: env.CALLBACK_RETRY_DELAY_MS }).catch((err: Error) =>
        logger.error('callback relay failed', { err: err.message }),
      ),
    );
  };
  tick();
  const timer = setInterval(tick, env.CALLBACK_RELAY_INTERVAL_MS);
  return [
    { name: 'callback relay', run: async () => (clearInterval(timer), await running) },
    { name: 'callback worker', run: () => worker.close() },
  ];
}
