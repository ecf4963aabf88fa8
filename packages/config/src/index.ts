export { baseEnvSchema, parseEnv, booleanFlag, portNumber, type BaseEnv } from './env.ts';
export { ShutdownRegistry } from './shutdown.ts';
