import { createHash } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { Redis } from 'ioredis';
import type { Logger } from '@bej/logger';
import { AppError } from './app-error.ts';

/** At most `limit` events per `windowMs` (a fixed window that opens with the first event); null = off. */
export type RateLimitRule = { limit: number; windowMs: number } | null;

type RateLimitBucket = 'agent_mint' | 'upload' | 'auth_failure';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `20/1h`, `30/60s`, `5/500ms`; `off` or `0` disables. Returns an error message for anything else. */
export function parseRateLimit(text: string): RateLimitRule | string {
  const value = text.trim().toLowerCase();
  if (value === 'off' || value === '0') return null;
  const match = /^(\d+)\s*\/\s*(\d+)\s*(ms|s|m|h)$/.exec(value);
  if (!match) return `expected "<count>/<window>" such as "20/1h" or "30/60s", or "off"; got "${text}"`;
  const limit = Number(match[1]);
  const windowMs = Number(match[2]) * UNITS[match[3]!]!;
  if (limit < 1 || windowMs < 1) return `count and window must be positive; got "${text}"`;
  return { limit, windowMs };
}

// INCR and the window's expiry in one step, so a crash between them cannot leave a counter that never expires.
const HIT_SCRIPT = `
local n = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {n, ttl}`;

interface RateLimitVerdict {
  allowed: boolean;
  retryAfterSeconds: number;
}

/**
 * Counters in Redis under `<QUEUE_PREFIX>:ratelimit:` (stacks on one Redis never share them).
 * Client addresses are hashed before they become keys. When Redis cannot answer, requests pass
 * (a warning is logged): limits protect the service, they must not become its outage.
 */
export class RateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly logger: Logger,
  ) {}

  private key(bucket: RateLimitBucket, subject: string): string {
    return `${this.prefix}:ratelimit:${bucket}:${subject}`;
  }

  /** Counts one event; refused when it is over the limit. */
  async hit(bucket: RateLimitBucket, subject: string, rule: RateLimitRule): Promise<RateLimitVerdict> {
    if (!rule) return { allowed: true, retryAfterSeconds: 0 };
    try {
      const [count, ttl] = (await this.redis.eval(HIT_SCRIPT, 1, this.key(bucket, subject), rule.windowMs)) as [number, number];
      return { allowed: count <= rule.limit, retryAfterSeconds: Math.max(1, Math.ceil(ttl / 1000)) };
    } catch (err) {
      this.logger.warn('rate limit not checked, letting the request pass', { bucket, err: (err as Error).message });
      return { allowed: true, retryAfterSeconds: 0 };
    }
  }

  /** Whether the subject is already over the limit, without counting. */
  async check(bucket: RateLimitBucket, subject: string, rule: RateLimitRule): Promise<RateLimitVerdict> {
    if (!rule) return { allowed: true, retryAfterSeconds: 0 };
    try {
      const key = this.key(bucket, subject);
      const [[, count], [, ttl]] = (await this.redis.multi().get(key).pttl(key).exec()) as [[null, string | null], [null, number]];
      if (count === null || Number(count) < rule.limit) return { allowed: true, retryAfterSeconds: 0 };
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(ttl / 1000)) };
    } catch (err) {
      this.logger.warn('rate limit not checked, letting the request pass', { bucket, err: (err as Error).message });
      return { allowed: true, retryAfterSeconds: 0 };
    }
  }
}

/** The caller's address as a key part: hashed, so Redis holds no IP addresses. */
export function clientKey(req: Request): string {
  return `ip-${createHash('sha256').update(req.ip ?? req.socket.remoteAddress ?? 'unknown').digest('hex').slice(0, 32)}`;
}

const MESSAGES: Record<RateLimitBucket, string> = {
  agent_mint: 'Too many agents minted from this address.',
  upload: 'Too many uploads.',
  auth_failure: 'Too many requests with a wrong or malformed token from this address.',
};

function rateLimited(res: Response, bucket: RateLimitBucket, verdict: RateLimitVerdict): AppError {
  res.setHeader('Retry-After', String(verdict.retryAfterSeconds));
  return new AppError('rate_limited', `${MESSAGES[bucket]} Retry after ${verdict.retryAfterSeconds} s.`, { retry_after_seconds: verdict.retryAfterSeconds });
}

/** Middleware: counts one event for the request's subject and answers 429 (with Retry-After) over the limit. */
export function rateLimit(
  limiter: RateLimiter,
  bucket: RateLimitBucket,
  rule: RateLimitRule,
  subjectOf: (req: Request) => string | Promise<string>,
): RequestHandler {
  return async (req, res, next) => {
    if (!rule) return next();
    const verdict = await limiter.hit(bucket, await subjectOf(req), rule);
    if (!verdict.allowed) throw rateLimited(res, bucket, verdict);
    next();
  };
}

/** Whether the request presents any credential (so a rejection of it is an auth failure). */
export function presentsCredentials(req: Request): boolean {
  return Boolean(
    req.get('authorization') ||
      req.get('x-admin-token') ||
      (typeof req.query?.admin_token === 'string' && req.query.admin_token) ||
      /(?:^|;\s*)bej_admin=/.test(req.get('cookie') ?? ''),
  );
}

/**
 * Auth failures per client address: once over the limit, every request from it that presents a
 * credential is answered 429 until the window ends (tokens are long enough that guessing is hopeless;
 * this keeps a guesser or a broken script from costing a database lookup per attempt).
 */
export function authFailureGuard(limiter: RateLimiter, rule: RateLimitRule): RequestHandler {
  return async (req, res, next) => {
    if (!rule || !presentsCredentials(req)) return next();
    const verdict = await limiter.check('auth_failure', clientKey(req), rule);
    if (!verdict.allowed) throw rateLimited(res, 'auth_failure', verdict);
    next();
  };
}
