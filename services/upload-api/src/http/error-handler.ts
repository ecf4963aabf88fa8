import { randomUUID } from 'node:crypto';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import multer from 'multer';
import { ZodError } from 'zod';
import { isDatabaseUnavailable } from '@bej/db';
import type { Logger } from '@bej/logger';
import { AppError } from './app-error.ts';

const RETRY_AFTER_S = 5;

function classify(err: unknown, maxUploadBytes: number): AppError | null {
  if (err instanceof AppError) return err;
  if (err instanceof ZodError) {
    const issue = err.issues[0];
    const path = issue?.path.join('.') || 'body';
    return new AppError('validation_error', `${path}: ${issue?.message ?? 'invalid'}`, { path });
  }
  if (err instanceof multer.MulterError) {
    if (err.code === 'LIMIT_FILE_SIZE') {
      return new AppError('file_too_large', `The file is larger than ${maxUploadBytes} bytes. Split it or send fewer rows.`);
    }
    return new AppError('validation_error', `Upload form problem: ${err.message}. Send one file in the field "file".`);
  }
  const status = (err as { status?: number; type?: string }).status;
  if ((err as { type?: string }).type === 'entity.parse.failed') {
    return new AppError('validation_error', 'The request body is not valid JSON.');
  }
  if (status === 413) return new AppError('file_too_large', 'The request body is too large.');
  if (isDatabaseUnavailable(err)) {
    return new AppError('service_unavailable', 'The database is unreachable at the moment. Retry in a few seconds.', { retry_after_s: RETRY_AFTER_S });
  }
  return null;
}

/** The one place where errors become HTTP answers; unknown errors get an error_id that is in the log. */
export function errorHandler(logger: Logger, maxUploadBytes: number): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const known = classify(err, maxUploadBytes);
    if (known) {
      if (known.code === 'service_unavailable') {
        res.set('Retry-After', String(RETRY_AFTER_S));
        logger.warn('database unreachable', { method: req.method, path: req.route?.path ?? 'unknown' });
      }
      res.status(known.status).json({ error: { code: known.code, message: known.message, ...(known.details ?? {}) } });
      return;
    }
    const errorId = randomUUID();
    logger.error('unhandled request error', { error_id: errorId, method: req.method, path: req.route?.path ?? 'unknown', err });
    res.status(500).json({ error: { code: 'internal_error', message: 'Something failed on our side; quote the error_id.', error_id: errorId } });
  };
}

export const notFoundHandler: RequestHandler = (_req, res) => {
  res.status(404).json({ error: { code: 'not_found', message: 'No such endpoint.' } });
};
