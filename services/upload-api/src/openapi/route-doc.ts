import type { z } from 'zod';
import { ErrorSchema } from './response.schemas.ts';

type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** Who may call: `bearer_or_batch` also takes `Authorization: Batch <upload_token>`. */
type RouteAuth = 'none' | 'bearer' | 'optional_bearer' | 'bearer_or_batch' | 'admin' | 'admin_page';

export interface ResponseDoc {
  description: string;
  /** A JSON body; schemas with `.meta({ id })` become $refs to components.schemas. */
  json?: z.ZodType;
  /** A non-JSON body: text/csv, text/html, text/css, text/event-stream… */
  contentType?: string;
  headers?: Record<string, string>;
}

/** One documented route. Add one to `route-docs.ts` for every route you register. */
export interface RouteDoc {
  method: HttpMethod;
  /** OpenAPI form: `/api/v1/batch/enrich/{id}` (express's `:id` becomes `{id}`). */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  auth: RouteAuth;
  /** Path parameters are found in `path`; describe them here if you like. */
  params?: Record<string, string>;
  /** Request headers other than Authorization. */
  headers?: Record<string, { description: string; required?: boolean }>;
  /** The schema the route parses `req.query` with (a z.object). */
  query?: z.ZodObject;
  /** The schema the route parses the body with: JSON, or multipart form fields plus file fields. */
  body?: { json: z.ZodType } | { multipart: z.ZodObject; files: string[] };
  responses: Record<number, ResponseDoc>;
  /** Served outside the API (an HTML page, an operator board mounted as a whole). */
  page?: boolean;
}

/** The usual error answers of a route, each with the Error schema. */
export function errors(...codes: number[]): Record<number, ResponseDoc> {
  const text: Record<number, string> = {
    400: 'invalid request (the message names the field)',
    401: 'missing or invalid credentials',
    402: 'insufficient_balance: top up, then retry',
    404: 'no such job visible to you',
    409: 'the job is not in a state that allows this',
    413: 'too large (file_too_large, too_many_rows)',
    415: 'wrong content type',
    422: 'well-formed but refused (the code says why)',
    429: 'slow down',
  };
  return Object.fromEntries(codes.map((code) => [code, { description: text[code] ?? 'error', json: ErrorSchema }]));
}
