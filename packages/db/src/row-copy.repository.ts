import { once } from 'node:events';
import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Database } from './client.ts';
import type { BatchRecord, NewBatch, NewRow } from './batches.repository.ts';
import * as schema from './schema.ts';

const COPY_ROWS = `copy batch_enrich_row (job_id, row_index, cells, input, search_variants, chat_title, status, result, error) from stdin`;
// Bytes of COPY text gathered before one write: few enough writes, and the server starts early.
const WRITE_BYTES = 256 * 1024;

/** One value in COPY's text format: backslash, tab, newline and carriage return escaped; null as `\N`. */
export function copyTextValue(value: string | null): string {
  if (value === null) return '\\N';
  return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, escapeCopyChar) : value;
}

function escapeCopyChar(char: string): string {
  return char === '\\' ? '\\\\' : char === '\t' ? '\\t' : char === '\n' ? '\\n' : '\\r';
}

/** The pool behind a drizzle database (COPY needs one client of its own for the transaction). */
function poolOf(db: Database): pg.Pool {
  const pool = (db as { $client?: pg.Pool }).$client;
  if (!pool || typeof pool.connect !== 'function') throw new Error('the database handle has no connection pool');
  return pool;
}

// JSON null stores SQL NULL, as the jsonb_to_recordset insert did.
const json = (value: unknown): string => copyTextValue(value === undefined || value === null ? null : JSON.stringify(value));

/** One stored row as a line of COPY text, the columns of {@link COPY_ROWS} in order. */
export function copyTextRow(jobId: string, row: NewRow): string {
  const input = JSON.stringify(row.input);
  // An upload's result is `{input}` until the row is hunted: the input's text serves twice.
  const result = row.result as { input?: unknown } | null | undefined;
  const resultText =
    result && typeof result === 'object' && result.input === row.input && Object.keys(result).length === 1
      ? `{"input":${input}}`
      : result === undefined || result === null
        ? null
        : JSON.stringify(result);
  return (
    `${jobId}\t${row.rowIndex}\t${json(row.cells)}\t${copyTextValue(row.input === undefined || row.input === null ? null : input)}\t${json(row.searchVariants)}\t` +
    `${copyTextValue(row.chatTitle ?? null)}\t${copyTextValue(row.status)}\t${copyTextValue(resultText)}\t${copyTextValue(row.error ?? null)}\n`
  );
}

/**
 * The job and its rows in one transaction, the rows sent with `COPY … FROM STDIN` as they arrive:
 * the caller derives the next slice while PostgreSQL stores the last one. `finish` gives the job's
 * counters that are only known once every row is derived; they are written before the commit.
 * Nothing is stored when any step fails (the rows iterator throwing included).
 */
export async function insertBatchCopyingRows(
  db: Database,
  job: NewBatch,
  rows: AsyncIterable<NewRow[]>,
  finish: () => Partial<Pick<NewBatch, 'rowCount' | 'storedRowCount' | 'fileRowCount' | 'malformedRowCount'>>,
): Promise<BatchRecord> {
  const client = await poolOf(db).connect();
  let copy: ReturnType<typeof copyFrom> | undefined;
  let copyOpen = false;
  let broken: Error | undefined;
  try {
    await client.query('begin');
    const tx = drizzle(client, { schema });
    const [created] = await tx.insert(schema.batchEnrichJobs).values(job).returning();
    if (!created) throw new Error('job insert returned nothing');
    const stream = client.query(copyFrom(COPY_ROWS));
    copy = stream;
    copyOpen = true;
    const copied = new Promise<void>((resolve, reject) => {
      stream.on('finish', resolve);
      stream.on('error', reject);
    });
    // A server error ends the stream early: a write waiting for a drain must see it instead.
    const failed = copied.then(
      () => undefined,
      (err: Error) => err,
    );
    void failed.then(() => (copyOpen = false));
    let text = '';
    for await (const slice of rows) {
      for (const row of slice) text += copyTextRow(created.id, row);
      if (text.length >= WRITE_BYTES) {
        const more = stream.write(text);
        text = '';
        if (!more) {
          const err = await Promise.race([once(stream, 'drain').then(() => undefined), failed]);
          if (err) throw err;
        }
      }
    }
    stream.end(text);
    await copied;
    copyOpen = false;
    const counters = finish();
    const [stored] =
      Object.keys(counters).length === 0
        ? [created]
        : await tx.update(schema.batchEnrichJobs).set(counters).where(eq(schema.batchEnrichJobs.id, created.id)).returning();
    if (!stored) throw new Error('job update returned nothing');
    await client.query('commit');
    return stored;
  } catch (err) {
    try {
      // Our side failed mid-COPY (the rows iterator threw): CopyFail ends it before the rollback.
      if (copy && copyOpen && !copy.destroyed) {
        const closed = new Promise<void>((resolve) => copy!.once('close', resolve));
        copy.destroy(err as Error);
        await closed;
      }
      await client.query('rollback');
    } catch (rollbackErr) {
      // The connection is unusable; releasing it with an error discards it from the pool.
      broken = rollbackErr as Error;
    }
    throw err;
  } finally {
    client.release(broken);
  }
}
