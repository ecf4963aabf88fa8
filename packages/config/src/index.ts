export { baseEnvSchema, parseEnv, booleanFlag, type BaseEnv } from './env.ts';
export { ShutdownRegistry } from './shutdown.ts';
