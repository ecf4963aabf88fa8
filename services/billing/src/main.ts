import { ShutdownRegistry } from '@bej/config';
import { createLogger } from '@bej/logger';
import { startBilling } from './billing.service.ts';
import { loadBillingEnv } from './env.ts';

const env = loadBillingEnv();
const logger = createLogger('billing', env.LOG_LEVEL);
const shutdown = new ShutdownRegistry(logger);
// Listen before connecting: a SIGTERM during start-up still ends the process cleanly.
shutdown.listen();
const service = await startBilling(env, logger);
for (const step of service.steps) shutdown.register(step.name, step.run);
