import { listenChannel, type Database } from '@bej/db';
import type { Logger } from '@bej/logger';
import { createQueueWorker, type QueueClient } from '@bej/queue';
import type { Redis } from 'ioredis';
import type { BillingEnv } from '../env.ts';
import { relayCallbacks } from './callback-relay.ts';
import { createDeliverCallbackHandler } from './deliver-callback.handler.ts';

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
  // One relay pass at a time; wake-ups during a pass fold into one more pass after it.
  let running: Promise<void> | null = null;
  let again = false;
  const pass = () => relayCallbacks(deps, { attempts: env.CALLBACK_MAX_ATTEMPTS, retryDelayMs: env.CALLBACK_RETRY_DELAY_MS });
  const tick = () => {
    if (running) {
      again = true;
      return;
    }
    running = pass()
      .then(
        () => undefined,
        (err: Error) => void logger.error('callback relay failed', { err: err.message }),
      )
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          tick();
        }
      });
  };
  tick();
  const timer = setInterval(tick, env.CALLBACK_RELAY_INTERVAL_MS);
  // The outbox trigger notifies at commit: callbacks leave at once instead of at the next poll.
  const listener = listenChannel(env.DATABASE_URL, 'batch_enrich_callback', tick, {
    onError: (err) => logger.warn('callback outbox listener lost its connection; polling meanwhile', { err: err.message }),
  });
  return [
    { name: 'callback listener', run: () => listener.close() },
    { name: 'callback relay', run: async () => (clearInterval(timer), (again = false), await running) },
    { name: 'callback worker', run: () => worker.close() },
  ];
}
