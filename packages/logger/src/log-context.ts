import { AsyncLocalStorage } from 'node:async_hooks';

/** Ids that every log line written inside a request or a job carries (request_id, job_id, row_index…). */
export type LogContext = Record<string, string | number | undefined>;

const storage = new AsyncLocalStorage<LogContext>();

/** Runs `fn` with `context` added to every log line it (and what it awaits) writes. */
export function withLogContext<T>(context: LogContext, fn: () => T): T {
  return storage.run({ ...(storage.getStore() ?? {}), ...context }, fn);
}

export function currentLogContext(): LogContext | undefined {
  return storage.getStore();
}
