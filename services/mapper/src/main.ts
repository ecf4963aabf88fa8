import { ShutdownRegistry } from '@bej/config';
import { createLogger } from '@bej/logger';
import { loadMapperEnv } from './env.ts';
import { startMapper } from './mapper.service.ts';

const env = loadMapperEnv();
const logger = createLogger('mapper', env.LOG_LEVEL);
const shutdown = new ShutdownRegistry(logger);
// Listen before connecting: a SIGTERM during start-up still closes what was opened.
shutdown.listen();

// The same wiring the end-to-end tests start in-process (tests/support/test-stack.ts).
const mapper = await startMapper(env, logger);
for (const step of mapper.steps) shutdown.register(step.name, step.run);
