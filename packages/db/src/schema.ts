import { sql, type SQL } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import type { CanonicalLead, BatchMapping, ResultGraph, RowVariant } from '@bej/leads';
import {
  CALLBACK_EVENT_TYPES,
  CALLBACK_STATES,
  BATCH_STATUSES,
  LEDGER_KINDS,
  PAUSED_REASONS,
  ROW_STATUSES,
  type CallbackEventType,
  type CallbackState,
  type BatchStatus,
  type LedgerKind,
  type PausedReason,
  type RowStatus,
} from './statuses.ts';

/** CHECK that a text column holds one of a closed set (statuses.ts); null passes, as SQL's CHECK lets it. */
function oneOf(column: AnyPgColumn, values: readonly string[]): SQL {
  return sql`${column} in (${sql.raw(values.map((value) => `'${value.replace(/'/g, "''")}'`).join(', '))})`;
}

/** What `batch_enrich_row.result` holds: the input alone until the row is hunted, then the whole graph. */
export type StoredRowResult = ResultGraph | Pick<ResultGraph, 'input'>;

/**
 * Money is stored as integer micro-dollars (1 USD = 1,000,000) so sums are exact;
 * the API converts to USD numbers at the edge.
 */
export const agents = pgTable(
  'agents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tokenHash: text('token_hash').notNull(),
    webhookSecret: text('webhook_secret').notNull(),
    // Cached sum of the ledger, kept in the same transaction as every entry.
    balanceMicro: bigint('balance_micro', { mode: 'number' }).notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('agents_token_hash_key').on(t.tokenHash), check('agents_balance_non_negative', sql`${t.balanceMicro} >= 0`)],
);

export const ledgerEntries = pgTable(
  'ledger_entries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    agentId: uuid('agent_id')
      .notNull()
      .references(() => agents.id),
    kind: text('kind').$type<LedgerKind>().notNull(),
    amountMicro: bigint('amount_micro', { mode: 'number' }).notNull(),
    balanceAfterMicro: bigint('balance_after_micro', { mode: 'number' }).notNull(),
    jobId: uuid('job_id'),
    rowIndex: integer('row_index'),
    reason: text('reason').notNull(),
    /** The wallet payment a credit came from (x402): unique, so a replayed payment credits once. */
    paymentRef: text('payment_ref'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('ledger_entries_agent_idx').on(t.agentId, t.id),
    uniqueIndex('ledger_entries_payment_ref_key').on(t.paymentRef).where(sql`${t.paymentRef} is not null`),
    index('ledger_entries_job_idx').on(t.jobId, t.id),
    // At most one debit and one refund per row, whatever retries happen.
    uniqueIndex('ledger_entries_row_kind_key')
      .on(t.jobId, t.rowIndex, t.kind)
      .where(sql`${t.rowIndex} is not null`),
    check('ledger_entries_balance_after_non_negative', sql`${t.balanceAfterMicro} >= 0`),
    check('ledger_entries_kind_check', oneOf(t.kind, LEDGER_KINDS)),
  ],
);

export const batchEnrichJobs = pgTable(
  'batch_enrich_job',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    agentId: uuid('agent_id').references(() => agents.id),
    uploadTokenHash: text('upload_token_hash'),
    status: text('status').$type<BatchStatus>().notNull().default('uploaded'),
    pausedReason: text('paused_reason').$type<PausedReason>(),
    /** Incremented by every start/resume; row queue jobs carry it so stale deliveries are ignored. */
    run: integer('run').notNull().default(0),
    fileName: text('file_name'),
    fileRowCount: integer('file_row_count').notNull(),
    storedRowCount: integer('stored_row_count').notNull(),
    rowCount: integer('row_count').notNull(),
    /** Rows wider than the header (stored invalid, reason on the row): reported, never cut. */
    malformedRowCount: integer('malformed_row_count').notNull().default(0),
    processLimit: integer('process_limit'),
    priceMicro: bigint('price_micro', { mode: 'number' }).notNull(),
    headers: jsonb('headers').$type<string[]>().notNull(),
    mapping: jsonb('mapping').$type<BatchMapping>().notNull(),
    callbackUrl: text('callback_url'),
    maxSpendMicro: bigint('max_spend_micro', { mode: 'number' }),
    /** Headless batches: the client's Idempotency-Key and a hash of the request it came with. */
    idempotencyKey: text('idempotency_key'),
    requestHash: text('request_hash'),
    /**
     * Net of the job's row debits and refunds, moved in the same statement as each of them:
     * the spend cap is checked against it atomically, and the CHECK makes passing the cap impossible.
     */
    ledgerSpentMicro: bigint('ledger_spent_micro', { mode: 'number' }).notNull().default(0),
    /** Reuse an identical lead's earlier matched result (same agent, recent) instead of hunting and paying again. */
    dedupe: boolean('dedupe').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
  },
  (t) => [
    index('batch_enrich_job_agent_idx').on(t.agentId, t.createdAt),
    index('batch_enrich_job_status_idx').on(t.status),
    uniqueIndex('batch_enrich_job_idempotency_key')
      .on(t.agentId, t.idempotencyKey)
      .where(sql`${t.idempotencyKey} is not null`),
    check('batch_enrich_job_spend_within_cap', sql`${t.maxSpendMicro} is null or ${t.ledgerSpentMicro} <= ${t.maxSpendMicro}`),
    check('batch_enrich_job_status_check', oneOf(t.status, BATCH_STATUSES)),
    check('batch_enrich_job_paused_reason_check', oneOf(t.pausedReason, PAUSED_REASONS)),
  ],
);

export const batchEnrichRows = pgTable(
  'batch_enrich_row',
  {
    jobId: uuid('job_id')
      .notNull()
      .references(() => batchEnrichJobs.id, { onDelete: 'cascade' }),
    rowIndex: integer('row_index').notNull(),
    /** The file's cells, kept so a corrected mapping can re-derive the row. */
    cells: jsonb('cells').$type<string[]>().notNull(),
    input: jsonb('input').$type<CanonicalLead>().notNull(),
    searchVariants: jsonb('search_variants').$type<RowVariant[]>().notNull(),
    chatTitle: text('chat_title'),
    status: text('status').$type<RowStatus>().notNull(),
    matched: boolean('matched'),
    spentMicro: bigint('spent_micro', { mode: 'number' }).notNull().default(0),
    result: jsonb('result').$type<StoredRowResult>(),
    /**
     * Model calls, tool calls, tokens and cost of the row's hunt (openrouter/http providers); never in the CSV.
     * Its shape is the enrich worker's HuntUsage, which no package declares yet: left untyped here.
     */
    huntUsage: jsonb('hunt_usage'),
    foundPeople: integer('found_people').notNull().default(0),
    foundPhones: integer('found_phones').notNull().default(0),
    foundEmails: integer('found_emails').notNull().default(0),
    /** The result was copied from an identical lead hunted earlier by the same agent, at no charge. */
    reused: boolean('reused').notNull().default(false),
    /** Identity of the lead for reuse: the canonical input and the search variants (jsonb text is canonical). */
    leadKey: text('lead_key').generatedAlwaysAs(sql`md5(input::text || search_variants::text)`),
    attempts: integer('attempts').notNull().default(0),
    error: text('error'),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    /** Queue job id of the delivery hunting the row (a retry of that delivery may take it back). */
    leaseOwner: text('lease_owner'),
    /** Renewed by the hunting worker's heartbeat; once past, any delivery may take the row. */
    leaseExpiresAt: timestamp('lease_expires_at', { withTimezone: true }),
    /** Queue job id the reconciler last delivered the row under (null: the run's deterministic id). */
    deliveryId: text('delivery_id'),
  },
  (t) => [
    primaryKey({ columns: [t.jobId, t.rowIndex] }),
    index('batch_enrich_row_status_idx').on(t.jobId, t.status),
    // "Has a row of this job finished lately?" (the reconciler's stalled-job sweep): one index probe, not a scan of the job's rows.
    index('batch_enrich_row_finished_idx').on(t.jobId, t.finishedAt),
    // Only original matched hunts are reuse sources: a reused copy never extends the window.
    index('batch_enrich_row_reuse_idx')
      .on(t.leadKey, t.finishedAt)
      .where(sql`${t.status} = 'done' and ${t.matched} and not ${t.reused}`),
    check('batch_enrich_row_status_check', oneOf(t.status, ROW_STATUSES)),
  ],
);

export const batchEnrichRowEvents = pgTable(
  'batch_enrich_row_event',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    jobId: uuid('job_id')
      .notNull()
      .references(() => batchEnrichJobs.id, { onDelete: 'cascade' }),
    rowIndex: integer('row_index').notNull(),
    type: text('type').notNull(),
    message: text('message').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('batch_enrich_row_event_row_idx').on(t.jobId, t.rowIndex, t.id)],
);

/**
 * The callback outbox: one row per job state change a receiver hears about, written by a
 * trigger in the same transaction as the change (migration 0002), whoever made it.
 * `body` is rendered once, at the first delivery attempt, so every retry sends the same bytes.
 */
export const batchEnrichCallbacks = pgTable(
  'batch_enrich_callback',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    jobId: uuid('job_id')
      .notNull()
      .references(() => batchEnrichJobs.id, { onDelete: 'cascade' }),
    type: text('type').$type<CallbackEventType>().notNull(),
    url: text('url').notNull(),
    /** The job's status, paused_reason and run at the change (the job may have moved on by delivery). */
    jobStatus: text('job_status').$type<BatchStatus>().notNull(),
    pausedReason: text('paused_reason').$type<PausedReason>(),
    run: integer('run').notNull(),
    body: text('body'),
    state: text('state').$type<CallbackState>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    /** Rounds of delivery: 0 at first, + 1 for every redeliver the owner asks for. */
    round: integer('round').notNull().default(0),
    lastError: text('last_error'),
    enqueuedAt: timestamp('enqueued_at', { withTimezone: true }),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('batch_enrich_callback_job_idx').on(t.jobId, t.createdAt),
    index('batch_enrich_callback_unenqueued_idx')
      .on(t.createdAt)
      .where(sql`${t.enqueuedAt} is null`),
    check('batch_enrich_callback_type_check', oneOf(t.type, CALLBACK_EVENT_TYPES)),
    check('batch_enrich_callback_job_status_check', oneOf(t.jobStatus, BATCH_STATUSES)),
    check('batch_enrich_callback_paused_reason_check', oneOf(t.pausedReason, PAUSED_REASONS)),
    check('batch_enrich_callback_state_check', oneOf(t.state, CALLBACK_STATES)),
  ],
);

/** Every delivery attempt of a callback: what the owner reads to debug a receiver. */
export const batchEnrichCallbackAttempts = pgTable(
  'batch_enrich_callback_attempt',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    callbackId: uuid('callback_id')
      .notNull()
      .references(() => batchEnrichCallbacks.id, { onDelete: 'cascade' }),
    attempt: integer('attempt').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    statusCode: integer('status_code'),
    error: text('error'),
    durationMs: integer('duration_ms').notNull(),
  },
  (t) => [index('batch_enrich_callback_attempt_callback_idx').on(t.callbackId, t.id)],
);
