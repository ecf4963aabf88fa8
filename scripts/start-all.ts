// `npm start`: migrate, then run all four services in this terminal until Ctrl-C.
import { baseEnvSchema, parseEnv } from '@bej/config';
import { prepareDatabase } from './prepare-database.ts';
import { requireInfrastructure } from './preflight.mjs';
import { startStack } from './stack.ts';

await requireInfrastructure();
const env = parseEnv(baseEnvSchema);
await prepareDatabase(env.DATABASE_URL);
const stack = startStack(process.env);
let signalled = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (signalled) return;
    signalled = true;
    process.stdout.write(`\n${signal}: stopping all services…\n`);
    void stack.stop();
  });
}
await stack.exited;
process.exit(signalled ? 0 : 1);
