import express, { type RequestHandler } from 'express';

/**
 * Paths that parse their own JSON body: a headless batch may be as large as an uploaded file,
 * and its rate limit must count the request before that body is read.
 */
const OWN_BODY_PATHS = new Set(['/api/v1/batch/enrich']);

/** The app-wide JSON body parser (1 MB); routes in OWN_BODY_PATHS parse theirs after their limits. */
export function jsonBody(): RequestHandler {
  const parse = express.json({ limit: '1mb' });
  return (req, res, next) => (OWN_BODY_PATHS.has(req.path) ? next() : parse(req, res, next));
}
