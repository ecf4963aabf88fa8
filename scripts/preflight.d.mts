/** Null when PostgreSQL and Redis both accept connections, else the one line to print. */
export function infrastructureProblem(env?: NodeJS.ProcessEnv, timeoutMs?: number): Promise<string | null>;
/** Prints the line and exits 1 when PostgreSQL or Redis is missing. */
export function requireInfrastructure(env?: NodeJS.ProcessEnv): Promise<void>;
