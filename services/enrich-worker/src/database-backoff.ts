import { setTimeout as sleep } from 'node:timers/promises';
import { isDatabaseUnavailable } from '@bej/db';
import type { Logger } from '@bej/logger';

interface BackoffOptions {
  logger: Logger;
  /** First wait after PostgreSQL became unreachable; doubles up to `maxMs`. */
  initialMs?: number;
  maxMs?: number;
  /** Stops waiting (the worker is shutting down): the error then propagates and the queue retries later. */
  stopping?: AbortSignal;
}

/**
 * While PostgreSQL is unreachable, a row's delivery waits in the worker and runs again once it
 * answers, instead of burning its queue attempts in seconds: the waiting deliveries fill the
 * worker's slots, so it takes no new work meanwhile. Re-running is safe because every step of
 * a row is idempotent (its own lease is taken back, the debit is found, the store is one
 * statement) and a statement cut mid-way is either committed or not: nothing is half-written.
 */
export function withDatabaseBackoff<A extends unknown[], R>(run: (...args: A) => Promise<R>, opts: BackoffOptions): (...args: A) => Promise<R> {
  const initialMs = opts.initialMs ?? 250;
  const maxMs = opts.maxMs ?? 5_000;
  return async (...args: A) => {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await run(...args);
      } catch (err) {
        if (!isDatabaseUnavailable(err) || opts.stopping?.aborted) throw err;
        const waitMs = Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 10));
        opts.logger.warn('database unreachable, backing off', { wait_ms: waitMs, attempt: attempt + 1, code: rootCode(err) });
        await sleep(waitMs, undefined, { signal: opts.stopping }).catch(() => {
          // Shutdown cut the wait short: the original error says why the row did not finish.
          throw err;
        });
      }
    }
  };
}

function rootCode(err: unknown): string | undefined {
  for (let current = err, depth = 0; current && depth < 5; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
