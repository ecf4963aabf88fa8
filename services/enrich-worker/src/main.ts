import { ShutdownRegistry } from '@bej/config';
import { createLogger } from '@bej/logger';
import { startHealthServer } from '@bej/ops';
import { startEnrichWorker } from './enrich-worker.service.ts';
import { loadEnrichWorkerEnv } from './env.ts';

const env = loadEnrichWorkerEnv();
const logger = createLogger('enrich-worker', env.LOG_LEVEL);
const shutdown = new ShutdownRegistry(logger);
// Listen before connecting: a SIGTERM during start-up still ends the process cleanly.
shutdown.listen();
const service = await startEnrichWorker(env, logger);
const health = await startHealthServer({ service: 'enrich-worker', port: env.HEALTH_PORT, databaseUrl: env.DATABASE_URL, redisUrl: env.REDIS_URL, queuePrefix: env.QUEUE_PREFIX, queues: ['batch-enrich-rows'], logger });
for (const step of [...health.steps, ...service.steps]) shutdown.register(step.name, step.run);
