import type { AddressInfo } from 'node:net';
import { createDb } from '@bej/db';
import type { Logger } from '@bej/logger';
import { QueueClient, createRedis, warnIfRedisEvicts } from '@bej/queue';
import { appDepsFrom, createApp } from './app.ts';
import type { UploadApiEnv } from './env.ts';
import { HuntHub } from './live/hunt-hub.ts';

/** Builds and starts the HTTP API; `main.ts` and the end-to-end tests both use it. */
export async function startUploadApi(env: UploadApiEnv, logger: Logger) {
  const redis = createRedis(env.REDIS_URL, 'producer');
  redis.on('error', (err) => logger.error('redis error', { err: err.message }));
  const database = createDb(env.DATABASE_URL);
  const queues = new QueueClient(redis, env.QUEUE_PREFIX, logger);
  await warnIfRedisEvicts(redis, logger);
  const live = new HuntHub(redis, env.QUEUE_PREFIX, database.db, logger, {
    heartbeatMs: env.LIVE_HEARTBEAT_MS,
    jobRefreshMs: env.LIVE_JOB_REFRESH_MS,
    coalesceMs: 200,
  });
  const app = createApp(appDepsFrom(env, database.db, queues, logger, live));
  const server = app.listen(env.PORT);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  logger.info('upload-api listening', { port, queue_prefix: env.QUEUE_PREFIX, admin: Boolean(env.ADMIN_TOKEN) });
  return {
    port,
    /** The express app, for tests that read its routes. */
    app,
    live,
    steps: [
      // Event streams never end by themselves: close them first, or the HTTP server waits for them forever.
      { name: 'live', run: () => live.close() },
      { name: 'http', run: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))) },
      { name: 'queues', run: () => queues.close() },
      { name: 'redis', run: () => redis.quit() },
      { name: 'database', run: () => database.close() },
    ],
  };
}
