import { baseEnvSchema, parseEnv } from '@bej/config';
import { migrateDatabase } from './migrate.ts';

const env = parseEnv(baseEnvSchema);
await migrateDatabase(env.DATABASE_URL);
console.log(`migrations applied to ${new URL(env.DATABASE_URL).pathname.slice(1)}`);
