import type { RequestHandler, Response } from 'express';
import { AppError } from './app-error.ts';

/** API answers are data, never documents: nothing may load, run or frame them. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** Bull Board's page: its own scripts and styles (plus its web font), no inline script, never framed. */
export const BULL_BOARD_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline' https://fonts.googleapis.com",
  "font-src 'self' https://fonts.gstatic.com",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * Headers every response carries. The CSP is the strict API one; a route that serves pages
 * replaces it with `contentSecurityPolicy(...)` (the last middleware to set it wins).
 * HSTS only over HTTPS (`req.secure`, which honours TRUST_PROXY's X-Forwarded-Proto).
 */
export const securityHeaders: RequestHandler = (req, res, next) => {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Content-Security-Policy', API_CONTENT_SECURITY_POLICY);
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader('X-Permitted-Cross-Domain-Policies', 'none');
  // Tokens are minted and jobs read here: no shared cache may keep an answer.
  res.setHeader('Cache-Control', 'no-store');
  if (req.secure) res.setHeader('Strict-Transport-Security', HSTS);
  next();
};

/** Per-route CSP for routes that serve pages (web UI, Bull Board). */
export function contentSecurityPolicy(policy: string): RequestHandler {
  return (_req, res, next) => {
    setContentSecurityPolicy(res, policy);
    next();
  };
}

export function setContentSecurityPolicy(res: Response, policy: string): void {
  res.setHeader('Content-Security-Policy', policy);
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Closed CORS: the API grants no cross-origin permission. Answers never carry
 * Access-Control-Allow-Origin; a preflight (which only a foreign origin sends) is refused;
 * a state-changing request a browser marks as cross-site is refused before it does anything
 * (anonymous uploads and minting are form-postable, and the Bull Board cookie is a credential).
 * Clients that are not browsers send neither Origin nor Sec-Fetch-Site and pass.
 */
export const crossOriginGuard: RequestHandler = (req, _res, next) => {
  if (req.method === 'OPTIONS' && req.get('access-control-request-method')) {
    throw new AppError('forbidden', 'Cross-origin requests are not allowed: call the API from the same origin or from a server.');
  }
  if (!SAFE_METHODS.has(req.method) && isCrossSite(req.get('sec-fetch-site'), req.get('origin'), req.get('host'))) {
    throw new AppError('forbidden', 'Cross-site requests that change state are refused: call the API from the same origin or from a server.');
  }
  next();
};

function isCrossSite(fetchSite: string | undefined, origin: string | undefined, host: string | undefined): boolean {
  if (fetchSite) return fetchSite !== 'same-origin' && fetchSite !== 'none';
  if (!origin) return false;
  if (origin === 'null') return true;
  try {
    return new URL(origin).host !== host;
  } catch {
    // Not a URL at all: no browser sends that, and nothing else has a reason to.
    return true;
  }
}
