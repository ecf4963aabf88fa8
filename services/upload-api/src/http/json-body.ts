import express, { type RequestHandler } from 'express';

/** Paths whose JSON body may be as large as an uploaded file (a headless batch carries the rows). */
const LARGE_BODY_PATHS = new Set(['/api/v1/batch/enrich']);

/** The JSON body parser: 1 MB everywhere, the upload limit where a body carries a whole batch. */
export function jsonBody(maxUploadBytes: number): RequestHandler {
  const small = express.json({ limit: '1mb' });
  const large = express.json({ limit: maxUploadBytes });
  return (req, res, next) => (LARGE_BODY_PATHS.has(req.path) ? large : small)(req, res, next);
}
