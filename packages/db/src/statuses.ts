/**
 * Every closed set of values a text column holds, declared once: the TypeScript unions below, the
 * API's zod enums and the CHECK constraints of migration 0007 all come from these arrays
 * (schema.ts builds the constraints from them; a test compares them with the database).
 */

/** `batch_enrich_job.status` (the `Job` schema of /api/v1/openapi.json). */
export const BATCH_STATUSES = ['uploaded', 'running', 'paused', 'completed', 'cancelled'] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];

/** `batch_enrich_job.paused_reason` and `batch_enrich_callback.paused_reason`. */
export const PAUSED_REASONS = ['insufficient_balance', 'spend_cap'] as const;
export type PausedReason = (typeof PAUSED_REASONS)[number];

/** `batch_enrich_row.status`: a row is in exactly one of these (the `Job` schema of /api/v1/openapi.json). */
export const ROW_STATUSES = ['pending', 'queued', 'running', 'done', 'failed', 'skipped', 'invalid'] as const;
export type RowStatus = (typeof ROW_STATUSES)[number];

/** `ledger_entries.kind`: operator credits and top-ups, a row's debit and refund, an x402 payment. */
export const LEDGER_KINDS = ['admin_credit', 'topup', 'row_debit', 'row_refund', 'x402_payment'] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

/** `batch_enrich_callback.type`: declared with the callbacks it names. */
export { CALLBACK_EVENT_TYPES, type CallbackEventType } from '@bej/callbacks';

/** `batch_enrich_callback.state`: where an outbox row's delivery stands. */
export const CALLBACK_STATES = ['pending', 'delivered', 'failed', 'refused'] as const;
export type CallbackState = (typeof CALLBACK_STATES)[number];
