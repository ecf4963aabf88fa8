import { ShutdownRegistry } from '@bej/config';
import { createLogger } from '@bej/logger';
import { startEnrichWorker } from './enrich-worker.service.ts';
import { loadEnrichWorkerEnv } from './env.ts';

const env = loadEnrichWorkerEnv();
const logger = createLogger('enrich-worker', env.LOG_LEVEL);
const shutdown = new ShutdownRegistry(logger);
// Listen before connecting: a SIGTERM during start-up still ends the process cleanly.
shutdown.listen();
const service = await startEnrichWorker(env, logger);
for (const step of service.steps) shutdown.register(step.name, step.run);
