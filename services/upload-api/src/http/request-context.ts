import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { withLogContext, type Logger } from '@bej/logger';
import { httpDuration } from '../upload-api.metrics.ts';

/** A caller's id is echoed when it is a plain token; anything else gets a fresh one. */
const ACCEPTED_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const PROBES = new Set(['/healthz', '/readyz', '/metrics']);

export const requestIdOf = (res: Response): string | undefined => res.locals.requestId as string | undefined;

/** The route template that answered, so labels and logs never carry ids or tokens from the path. */
function routeTemplate(req: Request, status: number): string {
  if (req.originalUrl.startsWith('/admin/queues')) return '/admin/queues/*';
  const path = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof path === 'string') return `${req.baseUrl}${path}`;
  return status === 404 ? 'unmatched' : 'other';
}

/**
 * First middleware: a request id (from `X-Request-Id` or new) echoed in the response header,
 * on every log line written while the request runs, and in every error body; one access log
 * line and one latency observation per request.
 */
export function requestContext(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const given = req.get('x-request-id');
    const requestId = given && ACCEPTED_REQUEST_ID.test(given) ? given : randomUUID();
    res.locals.requestId = requestId;
    res.setHeader('X-Request-Id', requestId);
    const started = performance.now();
    res.once('finish', () => {
      const route = routeTemplate(req, res.statusCode);
      const seconds = (performance.now() - started) / 1000;
      httpDuration.observe({ method: req.method, route, status_code: String(res.statusCode) }, seconds);
      const level = PROBES.has(route) ? 'debug' : 'info';
      logger.log(level, 'http request', { request_id: requestId, method: req.method, route, status: res.statusCode, ms: Math.round(seconds * 1000) });
    });
    withLogContext({ request_id: requestId }, () => next());
  };
}
