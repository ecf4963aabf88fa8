import type { HuntUsage } from './provider.ts';

/**
 * How a provider says why a hunt did not finish. The row handler turns them into queue
 * behaviour: a rate limit slows the whole worker, a fault fails the row (credited) after
 * the provider's own retries, an answer that cannot be used fails it at once.
 */
export class ProviderRateLimitError extends Error {
  constructor(
    readonly retryAfterMs: number,
    message: string,
  ) {
    super(message);
    this.name = 'ProviderRateLimitError';
  }
}

/** 5xx, timeouts, refused connections: still failing after the provider's own retries. */
export class ProviderFaultError extends Error {
  constructor(
    message: string,
    readonly usage: HuntUsage | null = null,
  ) {
    super(message);
    this.name = 'ProviderFaultError';
  }
}

/** An answer that is not a result graph at all, or a refused request (4xx): retrying costs money and would not help. */
export class ProviderAnswerError extends Error {
  constructor(
    message: string,
    readonly usage: HuntUsage | null = null,
  ) {
    super(message);
    this.name = 'ProviderAnswerError';
  }
}

/** `retry-after-ms`, `retry-after` seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterFrom(headers: { get(name: string): string | null } | undefined): number | null {
  const ms = headers?.get('retry-after-ms');
  if (ms && Number.isFinite(Number(ms)) && Number(ms) >= 0) return Number(ms);
  const value = headers?.get('retry-after');
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}
