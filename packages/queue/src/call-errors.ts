/**
 * Why a request/response call over a queue (`QueueClient.call`) brought no answer. Callers
 * that can do without one (the upload falls back to local heuristics) catch these four and
 * nothing else: any other error is a bug and must reach the caller's error handler.
 */
export class CallTimeoutError extends Error {
  override readonly name = 'CallTimeoutError';
  constructor(
    readonly key: string,
    readonly timeoutMs: number,
  ) {
    super(`no answer to ${key} within ${timeoutMs} ms`);
  }
}

/** The consumer took the request and failed it (its own log and Bull Board carry the stack). */
export class CallFailedError extends Error {
  override readonly name = 'CallFailedError';
  constructor(
    readonly key: string,
    readonly failedReason: string,
  ) {
    super(`${key} failed at the consumer: ${failedReason}`);
  }
}

/** The consumer answered, but the answer does not fit the catalog's result schema (paths and codes only, never values). */
export class CallInvalidAnswerError extends Error {
  override readonly name = 'CallInvalidAnswerError';
  constructor(
    readonly key: string,
    readonly problems: string[],
  ) {
    super(`invalid answer to ${key}: ${problems.join('; ')}`);
  }
}

/** The request could not be handed to Redis (connection refused, closed, out of retries). */
export class QueueUnavailableError extends Error {
  override readonly name = 'QueueUnavailableError';
  constructor(
    readonly key: string,
    cause: unknown,
  ) {
    super(`${key} could not be queued: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}
