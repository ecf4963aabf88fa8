import { ShutdownRegistry } from '@bej/config';
import { createLogger } from '@bej/logger';
import { startHealthServer } from '@bej/ops';
import { loadMapperEnv } from './env.ts';
import { startMapper } from './mapper.service.ts';

const env = loadMapperEnv();
const logger = createLogger('mapper', env.LOG_LEVEL);
const shutdown = new ShutdownRegistry(logger);
// Listen before connecting: a SIGTERM during start-up still closes what was opened.
shutdown.listen();

// The same wiring the end-to-end tests start in-process (tests/support/test-stack.ts).
const mapper = await startMapper(env, logger);
// No PostgreSQL here: the mapper is ready when Redis answers.
const health = await startHealthServer({ service: 'mapper', port: env.HEALTH_PORT, redisUrl: env.REDIS_URL, queuePrefix: env.QUEUE_PREFIX, queues: ['batch-enrich-mapping'], logger });
for (const step of [...health.steps, ...mapper.steps]) shutdown.register(step.name, step.run);
