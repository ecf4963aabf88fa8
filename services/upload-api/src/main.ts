import { ShutdownRegistry } from '@bej/config';
import { createLogger } from '@bej/logger';
import { loadUploadApiEnv } from './env.ts';
import { startUploadApi } from './upload-api.service.ts';

const env = loadUploadApiEnv();
const logger = createLogger('upload-api', env.LOG_LEVEL);
const shutdown = new ShutdownRegistry(logger);
// Listen before connecting: a SIGTERM during start-up still ends the process cleanly.
shutdown.listen();
const service = await startUploadApi(env, logger);
for (const step of service.steps) shutdown.register(step.name, step.run);
