/**
 * Error text that may travel into logs and BullMQ failure reasons. Driver and ORM errors
 * quote the values they choked on (drizzle appends every query parameter to its message,
 * PostgreSQL quotes bad input), and those values are lead data; tokens must never appear.
 */

const QUOTED_INPUT = /((?:for type|for enum|for encoding) [^:\n]{1,80}): "[^\n]*"/g;
const KEY_VALUE = /(Key \([^)\n]*\))=\([^\n]*\)/g;
const FAILING_ROW = /(Failing row contains) \([^\n]*\)/g;
const JSON_TOKEN = /(Token) "[^\n]*" (is invalid)/g;
const OUR_TOKENS = /\b(bej|bup|whsec)_[A-Za-z0-9_-]{16,}/g;
// Case-sensitive and token-shaped, so prose such as "batch paused" stays readable.
const AUTH_HEADER = /\b(Bearer|Batch)\s+[A-Za-z0-9._~+/=-]{12,}/g;
// Bull Board accepts the admin token once in the query string; an access log would carry the URL.
const TOKEN_PARAM = /([?&](?:admin_token|upload_token|token)=)[^&#\s"']+/gi;

/** Removes query parameters, quoted input values and anything shaped like one of our tokens. */
export function scrubText(text: string): string {
  let out = text;
  // drizzle: "Failed query: <sql>\nparams: <every value>" then, in a stack, the frames.
  const params = out.indexOf('\nparams: ');
  if (params >= 0) {
    const frames = out.slice(params + 1).search(/\n\s+at /);
    out = `${out.slice(0, params)}\nparams: [redacted]${frames >= 0 ? out.slice(params + 1 + frames) : ''}`;
  }
  return out
    .replace(QUOTED_INPUT, '$1: "[redacted]"')
    .replace(KEY_VALUE, '$1=([redacted])')
    .replace(FAILING_ROW, '$1 ([redacted])')
    .replace(JSON_TOKEN, '$1 "[redacted]" $2')
    .replace(OUR_TOKENS, '$1_[redacted]')
    .replace(AUTH_HEADER, '$1 [redacted]')
    .replace(TOKEN_PARAM, '$1[redacted]');
}

/** Properties of driver, ORM and body-parser errors that carry the values themselves. */
export const UNSAFE_FIELDS: ReadonlySet<string> = new Set(['params', 'parameters', 'detail', 'where', 'body', 'query']);

/** Properties of driver errors that name schema objects, never values. */
const SAFE_ERROR_FIELDS = ['code', 'constraint', 'table', 'column', 'schema', 'routine', 'severity', 'status', 'type'] as const;

export interface SafeError {
  name: string;
  message: string;
  stack?: string;
  cause?: SafeError | string;
  [field: string]: unknown;
}

/** A loggable copy of an error: scrubbed message and stack, schema-level fields only (no detail, params, body). */
export function serializeError(err: unknown, depth = 0): SafeError | string {
  if (!(err instanceof Error)) return typeof err === 'string' ? scrubText(err) : scrubText(String(err));
  const out: SafeError = { name: err.name, message: scrubText(err.message) };
  for (const field of SAFE_ERROR_FIELDS) {
    const value = (err as unknown as Record<string, unknown>)[field];
    if (typeof value === 'string' || typeof value === 'number') out[field] = value;
  }
  if (err.stack) out.stack = scrubText(err.stack);
  if (err.cause !== undefined && depth < 3) out.cause = serializeError(err.cause, depth + 1);
  return out;
}

/**
 * Scrubs an error in place before it is rethrown to a queue (BullMQ stores message and stack in
 * Redis); its class is kept, so UnrecoverableError and friends still mean what they meant.
 */
export function scrubErrorInPlace(err: unknown): unknown {
  if (!(err instanceof Error)) return err;
  err.message = scrubText(err.message);
  if (err.stack) err.stack = scrubText(err.stack);
  const fields = err as unknown as Record<string, unknown>;
  for (const unsafe of UNSAFE_FIELDS) {
    if (unsafe in fields) delete fields[unsafe];
  }
  if (err.cause instanceof Error) scrubErrorInPlace(err.cause);
  return err;
}

/** Log metadata made safe: errors serialized, strings scrubbed, one level of nesting followed. */
export function redactMeta(value: unknown, depth = 0): unknown {
  if (value instanceof Error) return serializeError(value);
  if (typeof value === 'string') return scrubText(value);
  if (depth >= 2 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redactMeta(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) if (!UNSAFE_FIELDS.has(key)) out[key] = redactMeta(inner, depth + 1);
  return out;
}
