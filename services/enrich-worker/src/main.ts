import { ShutdownRegistry } from '@bej/config';
import { createLogger } from '@bej/logger';
import { startEnrichWorker } from './enrich-worker.service.ts';
import { loadEnrichWorkerEnv } from './env.ts';

const env = loadEnrichWorkerEnv();
const logger = createLogger('enrich-worker', env.LOG_LEVEL);
const service = await startEnrichWorker(env, logger);
const shutdown = new ShutdownRegistry(logger);
for (const step of service.steps) shutdown.register(step.name, step.run);
shutdown.listen();
