import { z } from 'zod';
import { CALLBACK_EVENT_TYPES, CALLBACK_STATES, BATCH_STATUSES, PAUSED_REASONS, ROW_FILTERS, ROW_STATUSES } from '@bej/db';
import { jobMappingSchema, rowVariantSchema } from '@bej/leads';
import { errorStatus, type ErrorCode } from '../http/app-error.ts';

/**
 * Shapes of what the API answers, for the OpenAPI document (requests are described by the very
 * schemas the routes parse with). Named ones become `components.schemas` and are referenced.
 */
const usd = z.number().describe('US dollars');
const timestamp = z.string().describe('ISO 8601 timestamp');

export const ErrorSchema = z
  .object({
    error: z
      .object({
        code: z.enum(Object.keys(errorStatus) as [ErrorCode, ...ErrorCode[]]).describe('snake_case error code (the one error map of the API)'),
        message: z.string().describe('what happened and what to do'),
      })
      .catchall(z.unknown()),
  })
  .meta({ id: 'Error' });

const CountsSchema = z
  .object(Object.fromEntries(ROW_FILTERS.map((k) => [k, z.number().int()])))
  .meta({ id: 'Counts', description: 'done = matched + empty; a row is in exactly one of pending, queued, running, done, failed, skipped, invalid' });

// The stored mapping's own schema (@bej/leads); jobs stored before `fields` and `unmapped_headers` existed lack them.
const MappingSchema = jobMappingSchema
  .extend({ fields: jobMappingSchema.shape.fields.optional(), unmapped_headers: jobMappingSchema.shape.unmapped_headers.optional() })
  .meta({ id: 'Mapping' });

export const BatchObjectSchema = z
  .object({
    id: z.string().uuid(),
    status: z.enum(BATCH_STATUSES),
    paused_reason: z.enum(PAUSED_REASONS).nullable(),
    file_row_count: z.number().int(),
    stored_row_count: z.number().int(),
    row_count: z.number().int().describe('rows that will be enriched (pending at upload)'),
    process_limit: z.number().int().nullable(),
    counts: CountsSchema,
    price_usd: usd,
    spent_usd: usd,
    max_spend_usd: usd.nullable(),
    mapping: MappingSchema,
    callback_url: z.string().nullable(),
    created_at: timestamp,
    updated_at: timestamp,
    completed_at: timestamp.nullable(),
    upload_token: z.string().optional().describe('anonymous uploads only: read this job with "Authorization: Batch <upload_token>"'),
  })
  .catchall(z.unknown())
  .meta({ id: 'Job', description: 'Counts and settings only; never a value taken from the rows.' });

export const PreviewSchema = z
  .object({
    id: z.string().uuid(),
    status: BatchObjectSchema.shape.status,
    counts: CountsSchema,
    found: z.object({ people: z.number().int(), phones: z.number().int(), emails: z.number().int() }),
    spent_usd: usd,
  })
  .meta({ id: 'Preview' });

export const MintedAgentSchema = z
  .object({ agent_id: z.string().uuid(), token: z.string().describe('shown once'), balance_usd: usd, webhook_secret: z.string() })
  .meta({ id: 'MintedAgent' });

export const AgentSchema = z.object({ agent_id: z.string().uuid(), balance_usd: usd, webhook_secret: z.string() }).meta({ id: 'Agent' });

export const BalanceSchema = z.object({ agent_id: z.string().uuid(), balance_usd: usd });

export const CallbackSchema = z
  .object({
    id: z.string().uuid().describe('the event id the receiver sees; stable across retries'),
    type: z.enum(CALLBACK_EVENT_TYPES),
    created_at: timestamp,
    url: z.string(),
    state: z.enum(CALLBACK_STATES),
    attempts: z.number().int(),
    delivered_at: timestamp.nullable(),
    last_error: z.string().nullable(),
    deliveries: z.array(
      z.object({ attempt: z.number().int(), at: timestamp, status_code: z.number().int().nullable(), error: z.string().nullable(), duration_ms: z.number().int() }),
    ),
  })
  .meta({ id: 'Callback' });

export const CallbackLogSchema = z.object({ callback_url: z.string().nullable(), callbacks: z.array(CallbackSchema) }).meta({ id: 'CallbackLog' });

export const CallbackEventSchema = z
  .object({
    id: z.string().uuid(),
    type: z.enum(CALLBACK_EVENT_TYPES),
    created_at: timestamp,
    data: z.object({ job: BatchObjectSchema }),
  })
  .meta({
    id: 'CallbackEvent',
    description: 'POSTed to callback_url with X-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<raw body>"> keyed by webhook_secret',
  });

const rowStatus = z.enum(ROW_STATUSES);

export const RowsPageSchema = z
  .object({
    rows: z.array(
      z.object({ row_index: z.number().int(), status: rowStatus, matched: z.boolean(), spent_usd: usd, chat_title: z.string().nullable() }),
    ),
    next_cursor: z.string().nullable().describe('pass as cursor for the next page; null on the last'),
  })
  .meta({ id: 'RowsPage' });

export const RowDetailSchema = z
  .object({
    row_index: z.number().int(),
    status: rowStatus,
    matched: z.boolean(),
    spent_usd: usd,
    chat_title: z.string().nullable(),
    input: z.record(z.string(), z.string().nullable()).describe('the canonical lead as stored'),
    search_variants: z.array(rowVariantSchema),
    result: z.record(z.string(), z.unknown()).nullable().describe('the result graph, without tool_trace'),
    usage: z.unknown().nullable(),
    error: z.string().nullable(),
    attempts: z.number().int(),
    started_at: timestamp.nullable(),
    finished_at: timestamp.nullable(),
    events: z.array(z.object({ at: timestamp, type: z.string(), message: z.string() })),
  })
  .catchall(z.unknown())
  .meta({ id: 'RowDetail' });

export const QuoteSchema = z
  .object({
    id: z.string().uuid(),
    status: BatchObjectSchema.shape.status,
    rows_to_enrich: z.number().int(),
    invalid_rows: z.number().int(),
    skipped_rows: z.number().int(),
    reusable_rows: z.number().int().describe("rows whose identical lead this agent matched recently: reused, not billed"),
    price_usd: usd,
    max_cost_usd: usd.describe('the most a start can cost (every billable row matching, within the spend cap)'),
    max_spend_usd: usd.nullable(),
    spent_usd: usd,
    billed: z.string(),
    balance_usd: usd.optional().describe('owner only'),
  })
  .meta({ id: 'Quote' });

export const TopupSchema = z.object({ agent_id: z.string().uuid(), balance_usd: usd, credited_usd: usd, replayed: z.boolean() });

export const HealthSchema = z.object({ ok: z.boolean() });
