/** Every error code the API answers with, and its HTTP status: one exhaustive map. */
export const errorStatus = {
  validation_error: 400,
  invalid_mapping: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  invalid_payment: 400,
  insufficient_balance: 402,
  payment_required: 402,
  payment_invalid: 402,
  payment_failed: 402,
  payments_disabled: 404,
  invalid_state: 409,
  spend_cap_reached: 409,
  already_linked: 409,
  file_too_large: 413,
  too_many_rows: 413,
  unsupported_media_type: 415,
  unmappable_headers: 422,
  invalid_callback_url: 422,
  idempotency_key_reused: 422,
  empty_file: 422,
  binary_file: 422,
  header_only: 422,
  no_header: 422,
  unterminated_quote: 422,
  too_many_columns: 422,
  field_too_large: 422,
  rate_limited: 429,
  internal_error: 500,
  payment_unavailable: 502,
  service_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
    /** Top-level body fields beside `error` and response headers (x402 payment requirements). */
    readonly extra?: { body?: Record<string, unknown>; headers?: Record<string, string> },
  ) {
    super(message);
  }

  get status(): number {
    return errorStatus[this.code];
  }
}

export const notFound = (what = 'job') =>
  new AppError('not_found', `No ${what} with this id is visible to you. Check the id and the Authorization header.`);

/** A credential that was presented and fits nothing (a wrong upload token): answered like any 404, counted as an auth failure. */
export class RejectedCredential extends AppError {}

export const tokenNotFound = () =>
  new RejectedCredential('not_found', 'No job with this id is visible to you. Check the id and the Authorization header.');
