import { ShutdownRegistry } from '@bej/config';
import { createLogger } from '@bej/logger';
import { startBilling } from './billing.service.ts';
import { loadBillingEnv } from './env.ts';

const env = loadBillingEnv();
const logger = createLogger('billing', env.LOG_LEVEL);
const service = await startBilling(env, logger);
const shutdown = new ShutdownRegistry(logger);
for (const step of service.steps) shutdown.register(step.name, step.run);
shutdown.listen();
