import { CsvRejection, readCsvUpload } from '@bej/csv';
import { insertJobWithRows, type Database, type JobRecord, type NewRow } from '@bej/db';
import type { Logger } from '@bej/logger';
import type { QueueClient } from '@bej/queue';
import { AppError } from '../http/app-error.ts';
import { uploadsStored } from '../upload-api.metrics.ts';
import { buildJobMapping, deriveJobRows, rememberUserMapping } from './job-rows.ts';
import { completeUserMapping, resolveMapping, userMappingSchema } from './resolve-mapping.ts';

export interface UploadInput {
  file: Buffer;
  fileName: string | null;
  agentId: string | null;
  uploadTokenHash: string | null;
  processLimit: number | null;
  mappingOverride: unknown | null;
  callbackUrl: string | null;
}

export interface IngestDeps {
  db: Database;
  queues: QueueClient;
  logger: Logger;
  limits: { maxRows: number; previewRows: number; mapperTimeoutMs: number; priceMicro: number };
}

function readFile(file: Buffer, maxRows: number) {
  try {
    const upload = readCsvUpload(file);
    if (upload.parsed.rows.length > maxRows) {
      throw new AppError(
        'too_many_rows',
        `The file has ${upload.parsed.rows.length} data rows; at most ${maxRows} are accepted per file. Split it into smaller files.`,
      );
    }
    return upload;
  } catch (err) {
    if (err instanceof CsvRejection) throw new AppError(err.code, err.message);
    throw err;
  }
}

/** Parses, maps and stores every row of an upload; nothing is stored for a rejected file. */
export async function ingestUpload(input: UploadInput, deps: IngestDeps): Promise<JobRecord> {
  const started = performance.now();
  const { parsed, encoding } = readFile(input.file, deps.limits.maxRows);
  const { headers, rows } = parsed;
  const override = input.mappingOverride === null ? null : completeUserMapping(headers, userMappingSchema.parse(input.mappingOverride));
  const sampleCount = Math.min(input.processLimit ?? Number.POSITIVE_INFINITY, deps.limits.previewRows);
  const resolved = await resolveMapping(
    { headers, sampleRows: rows.slice(0, sampleCount), namespace: input.agentId ?? 'anonymous', override },
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
  const mapping = buildJobMapping(resolved.decision, resolved.source, { headers, delimiter: parsed.delimiter, encoding });
  const stored: NewRow[] = deriveJobRows(
    headers,
    rows.map((cells, rowIndex) => ({ rowIndex, cells })),
    mapping,
    input.processLimit,
  ).map((row, rowIndex) => ({ ...row, cells: rows[rowIndex]!, result: { input: row.input } }));
  const job = await insertJobWithRows(
    deps.db,
    {
      agentId: input.agentId,
      uploadTokenHash: input.uploadTokenHash,
      fileName: input.fileName,
      fileRowCount: rows.length,
      storedRowCount: stored.length,
      rowCount: stored.filter((r) => r.status === 'pending').length,
      processLimit: input.processLimit,
      priceMicro: deps.limits.priceMicro,
      headers,
      mapping,
      callbackUrl: input.callbackUrl,
    },
    stored,
  );
  if (resolved.source === 'user') await rememberUserMapping(deps.queues, input.agentId, headers, mapping);
  uploadsStored.inc({ mapping_source: resolved.source });
  deps.logger.info('upload stored', {
    job_id: job.id,
    agent_id: input.agentId,
    rows: stored.length,
    mapping_source: resolved.source,
    ms: Math.round(performance.now() - started),
  });
  return job;
}

function describeHeaders(headers: string[]): string {
  const shown = headers.slice(0, 30).map((h) => JSON.stringify(h.length > 60 ? `${h.slice(0, 57)}...` : h));
  return headers.length > shown.length ? `${shown.join(', ')} and ${headers.length - shown.length} more` : shown.join(', ');
}
