import { randomUUID } from 'node:crypto';
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import multer from 'multer';
import { ZodError } from 'zod';
import { isDatabaseUnavailable } from '@bej/db';
import type { Logger } from '@bej/logger';
import { AppError, RejectedCredential } from './app-error.ts';
import { presentsCredentials } from './rate-limit.ts';
import { requestIdOf } from './request-context.ts';

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
  // multer tags every error of its own with `storageErrors`; busboy's (a form cut off, a malformed part) carry no data.
  if (err instanceof Error && Array.isArray((err as { storageErrors?: unknown }).storageErrors)) {
    return new AppError('validation_error', `The upload form could not be read (${err.message}). Send the CSV as multipart/form-data in the field "file".`);
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
export function errorHandler(
  logger: Logger,
  maxUploadBytes: number,
  hooks: { authFailure?: (req: Request) => Promise<void> } = {},
): ErrorRequestHandler {
  return async (err, req, res, _next) => {
    if (res.headersSent) {
      cutOffStartedResponse(logger, err, req, res);
      return;
    }
    const known = classify(err, maxUploadBytes);
    if (known && hooks.authFailure && isAuthFailure(known, req)) await hooks.authFailure(req);
    if (known) {
      if (known.code === 'service_unavailable') {
        res.set('Retry-After', String(RETRY_AFTER_S));
        logger.warn('database unreachable', { method: req.method, path: req.route?.path ?? 'unknown' });
      }
      for (const [name, value] of Object.entries(known.extra?.headers ?? {})) res.setHeader(name, value);
      res.status(known.status).json({ error: { code: known.code, message: known.message, ...(known.details ?? {}), request_id: requestIdOf(res) }, ...(known.extra?.body ?? {}) });
      return;
    }
    const errorId = randomUUID();
    logger.error('unhandled request error', { error_id: errorId, method: req.method, path: req.route?.path ?? 'unknown', err });
    res.status(500).json({ error: { code: 'internal_error', message: 'Something failed on our side; quote the error_id.', error_id: errorId, request_id: requestIdOf(res) } });
  };
}

/**
 * A streamed answer (download.csv, ledger.csv, an event stream) failed after its status and
 * some of its body went out: no error body can follow. Ending it normally would hand the client
 * a truncated file that looks whole, so the connection is destroyed (a chunked body then lacks
 * its last chunk, which every client reports as an error) and the error is logged with its id.
 */
function cutOffStartedResponse(logger: Logger, err: unknown, req: Request, res: Response): void {
  const errorId = randomUUID();
  const ended = res.writableEnded;
  logger.error(ended ? 'request failed after its response was sent' : 'request failed after its response started; the response is cut off', {
    error_id: errorId,
    request_id: requestIdOf(res),
    method: req.method,
    path: req.route?.path ?? 'unknown',
    status: res.statusCode,
    err,
  });
  if (!ended) res.destroy();
}

/** A credential was presented and rejected (not merely missing). */
function isAuthFailure(err: AppError, req: Request): boolean {
  return err instanceof RejectedCredential || (err.code === 'unauthorized' && presentsCredentials(req));
}

export const notFoundHandler: RequestHandler = (_req, res) => {
  res.status(404).json({ error: { code: 'not_found', message: 'No such endpoint.', request_id: requestIdOf(res) } });
};
