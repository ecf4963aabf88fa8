import type { RequestHandler } from 'express';
import { AppError } from '../http/app-error.ts';

/** Text form fields of an upload (`mapping`, `row_limit`, ...): how many, and how large each may be. */
export const UPLOAD_FORM_FIELDS = { fields: 20, fieldSize: 256 * 1024 } as const;
// Part headers and boundaries of a multipart body, generously.
const MULTIPART_OVERHEAD = 64 * 1024;

/**
 * A body whose declared Content-Length cannot fit the file limit plus the largest allowed form
 * fields is refused before a byte of it is read. Bodies without a length (chunked) are cut by
 * multer's own file limit while they stream: multer discards the rest and never buffers it.
 */
export function refuseDeclaredOversize(maxFileBytes: number): RequestHandler {
  const ceiling = maxFileBytes + UPLOAD_FORM_FIELDS.fields * UPLOAD_FORM_FIELDS.fieldSize + MULTIPART_OVERHEAD;
  return (req, res, next) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > ceiling) {
      // Close after answering: reading a body we already refused would only cost bandwidth.
      res.setHeader('Connection', 'close');
      next(new AppError('file_too_large', `The upload is ${declared} bytes; files are accepted up to ${maxFileBytes} bytes. Split it or send fewer rows.`));
      return;
    }
    next();
  };
}
