import { ShutdownRegistry } from '@bej/config';
import { createLogger } from '@bej/logger';
import { startHealthServer } from '@bej/ops';
import { startBilling } from './billing.service.ts';
import { loadBillingEnv } from './env.ts';

const env = loadBillingEnv();
const logger = createLogger('billing', env.LOG_LEVEL);
const shutdown = new ShutdownRegistry(logger);
// Listen before connecting: a SIGTERM during start-up still ends the process cleanly.
shutdown.listen();
const service = await startBilling(env, logger);
const health = await startHealthServer({ service: 'billing', port: env.HEALTH_PORT, databaseUrl: env.DATABASE_URL, redisUrl: env.REDIS_URL, queuePrefix: env.QUEUE_PREFIX, queues: ['batch-enrich-billing'], logger });
for (const step of [...health.steps, ...service.steps]) shutdown.register(step.name, step.run);
