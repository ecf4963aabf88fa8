import { CsvRejection, readCsvUpload } from '@bej/csv';
import { insertBatchCopyingRows, type Database, type BatchRecord, type NewRow } from '@bej/db';
import type { Logger } from '@bej/logger';
import type { QueueClient } from '@bej/queue';
import { AppError } from '../http/app-error.ts';
import { uploadsStored } from '../upload-api.metrics.ts';
import { buildBatchMapping, deriveBatchRowSlices, rememberUserMapping } from './batch-rows.ts';
import { userMappingSchema } from '@bej/leads';
import { completeUserMapping, resolveMapping } from './resolve-mapping.ts';

interface UploadInput {
  file: Buffer;
  fileName: string | null;
  agentId: string | null;
  uploadTokenHash: string | null;
  processLimit: number | null;
  mappingOverride: unknown | null;
  callbackUrl: string | null;
  /** README "Billing" (spend cap): the job pauses with `spend_cap` rather than spend past this. */
  maxSpendMicro: number | null;
  dedupe: boolean;
}

export interface UploadLimits {
  maxRows: number;
  maxColumns: number;
  maxFieldChars: number;
  previewRows: number;
  mapperTimeoutMs: number;
  priceMicro: number;
}

interface IngestDeps {
  db: Database;
  queues: QueueClient;
  logger: Logger;
  limits: UploadLimits;
}

/** Reads the file with every limit enforced while reading; a refusal names the line when there is one. */
async function readFile(file: Buffer, limits: UploadLimits) {
  try {
    return await readCsvUpload(file, { maxRows: limits.maxRows, maxColumns: limits.maxColumns, maxFieldChars: limits.maxFieldChars });
  } catch (err) {
    if (err instanceof CsvRejection) throw new AppError(err.code, err.message, err.line === undefined ? undefined : { line: err.line });
    throw err;
  }
}

/** The first rows, as wide as the header, for the mapper (rows are stored unpadded). */
function sampleRows(rows: string[][], count: number, width: number): string[][] {
  return rows.slice(0, count).map((row) => (row.length >= width ? row : [...row, ...Array<string>(width - row.length).fill('')]));
}

/** Parses, maps and stores every row of an upload; nothing is stored for a rejected file. */
export async function ingestUpload(input: UploadInput, deps: IngestDeps): Promise<BatchRecord> {
  const started = performance.now();
  const { parsed, encoding } = await readFile(input.file, deps.limits);
  const { headers, rows } = parsed;
  const override = input.mappingOverride === null ? null : completeUserMapping(headers, userMappingSchema.parse(input.mappingOverride));
  const sampleCount = Math.min(input.processLimit ?? Number.POSITIVE_INFINITY, deps.limits.previewRows);
  const resolved = await resolveMapping(
    { headers, sampleRows: sampleRows(rows, sampleCount, headers.length), namespace: input.agentId ?? 'anonymous', override },
    { queues: deps.queues, logger: deps.logger, mapperTimeoutMs: deps.limits.mapperTimeoutMs },
  );
  if (!resolved) {
    throw new AppError(
      'unmappable_headers',
      `Could not find the business name, or a street address with city and state or zip, among the headers ` +
        `(${describeHeaders(headers)}). Rename the columns or send a "mapping" field such as {"columns":{"company":"<header>"}}.`,
      { headers },
    );
  }
  const mapping = buildBatchMapping(resolved.decision, resolved.source, { headers, delimiter: parsed.delimiter, encoding });
  // Rows are derived a slice at a time and streamed into PostgreSQL (COPY) as they come, so the
  // database stores one slice while the next is derived; the pending count is known at the end.
  let pending = 0;
  const indexed = rows.map((cells, rowIndex) => ({ rowIndex, cells }));
  async function* storedSlices(): AsyncGenerator<NewRow[]> {
    for await (const slice of deriveBatchRowSlices(headers, indexed, mapping, input.processLimit)) {
      yield slice.map((row) => {
        if (row.status === 'pending') pending += 1;
        return { ...row, cells: rows[row.rowIndex]!, result: { input: row.input } };
      });
    }
  }
  const job = await insertBatchCopyingRows(
    deps.db,
    {
      agentId: input.agentId,
      uploadTokenHash: input.uploadTokenHash,
      fileName: input.fileName,
      fileRowCount: rows.length,
      storedRowCount: rows.length,
      rowCount: 0,
      malformedRowCount: parsed.wideRows.length,
      processLimit: input.processLimit,
      priceMicro: deps.limits.priceMicro,
      headers,
      mapping,
      callbackUrl: input.callbackUrl,
      maxSpendMicro: input.maxSpendMicro,
      dedupe: input.dedupe,
    },
    storedSlices(),
    () => ({ rowCount: pending }),
  );
  if (resolved.source === 'user') await rememberUserMapping(deps.queues, input.agentId, headers, mapping);
  uploadsStored.inc({ mapping_source: resolved.source });
  deps.logger.info('upload stored', {
    job_id: job.id,
    agent_id: input.agentId,
    rows: rows.length,
    mapping_source: resolved.source,
    ms: Math.round(performance.now() - started),
  });
  return job;
}

function describeHeaders(headers: string[]): string {
  const shown = headers.slice(0, 30).map((h) => JSON.stringify(h.length > 60 ? `${h.slice(0, 57)}...` : h));
  return headers.length > shown.length ? `${shown.join(', ')} and ${headers.length - shown.length} more` : shown.join(', ');
}
