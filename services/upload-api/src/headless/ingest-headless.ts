import { createHash } from 'node:crypto';
import { insertBatchWithRows, usdToMicro, type Database, type BatchRecord, type NewRow } from '@bej/db';
import { CANONICAL_FIELDS, buildChatLabel, type ColumnMapping } from '@bej/leads';
import type { Logger } from '@bej/logger';
import { AppError } from '../http/app-error.ts';
import { deriveBatchRows } from '../upload/batch-rows.ts';
import type { HeadlessBatchBody } from './headless-batch.schema.ts';
import { stableJson } from '../stable-json.ts';

interface HeadlessInput {
  agentId: string;
  body: HeadlessBatchBody;
  callbackUrl: string | null;
  idempotencyKey: string | null;
}

const toCell = (value: string | number | null | undefined) => (value === null || value === undefined ? '' : String(value));

// Key order must not matter: the same request sent again is the same request.
export function requestHash(body: HeadlessBatchBody): string {
  return createHash('sha256').update(stableJson(body)).digest('hex');
}

/**
 * Rows sent as JSON go through the same derivation as a file's rows (validation, contact_id,
 * chat title, variants, row limit) with the canonical field names as their "headers".
 * Nothing of a file is kept: no headers, no cells, so the download has no file.* columns.
 */
export async function ingestHeadless(
  input: HeadlessInput,
  deps: { db: Database; logger: Logger; limits: { maxRows: number; priceMicro: number } },
): Promise<BatchRecord> {
  const { body } = input;
  if (body.rows.length > deps.limits.maxRows) {
    throw new AppError('too_many_rows', `The batch has ${body.rows.length} rows; at most ${deps.limits.maxRows} are accepted. Send it in parts.`);
  }
  const variants = body.search_variants ?? [];
  const headers = [...CANONICAL_FIELDS, ...variants.map((v) => v.header)];
  const columns: ColumnMapping['columns'] = Object.fromEntries(CANONICAL_FIELDS.map((field) => [field, field]));
  const mapping: ColumnMapping = { columns, search_variants: variants, chat_label: buildChatLabel(columns) };
  const processLimit = body.row_limit ?? null;
  const rows = body.rows.map((row, rowIndex) => ({ rowIndex, cells: headers.map((h) => toCell(row[h])) }));
  const stored: NewRow[] = deriveBatchRows(headers, rows, mapping, processLimit).map(
    (row) => ({ ...row, cells: [], result: { input: row.input } }),
  );
  const job = await insertBatchWithRows(
    deps.db,
    {
      agentId: input.agentId,
      uploadTokenHash: null,
      fileName: null,
      fileRowCount: rows.length,
      storedRowCount: stored.length,
      rowCount: stored.filter((r) => r.status === 'pending').length,
      processLimit,
      priceMicro: deps.limits.priceMicro,
      headers: [],
      mapping: { source: 'headless', ...mapping, delimiter: null, encoding: null, fields: {}, unmapped_headers: [] },
      callbackUrl: input.callbackUrl,
      maxSpendMicro: body.max_spend_usd === undefined ? null : usdToMicro(body.max_spend_usd),
      dedupe: body.dedupe ?? true,
      idempotencyKey: input.idempotencyKey,
      requestHash: input.idempotencyKey === null ? null : requestHash(body),
    },
    stored,
  );
  deps.logger.info('headless batch stored', { job_id: job.id, agent_id: input.agentId, rows: stored.length });
  return job;
}
