import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import type { PgTransaction } from 'drizzle-orm/pg-core';
import type { NodePgQueryResultHKT } from 'drizzle-orm/node-postgres';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import pg from 'pg';
import * as schema from './schema.ts';

export type Database = NodePgDatabase<typeof schema>;
export type Transaction = PgTransaction<NodePgQueryResultHKT, typeof schema, ExtractTablesWithRelations<typeof schema>>;
/** Repository functions take either the pool-backed database or an open transaction. */
export type Executor = Database | Transaction;

// bigint (int8) columns hold micro-dollars far below 2^53: read them as numbers.
pg.types.setTypeParser(20, (value) => Number.parseInt(value, 10));

export interface DbHandle {
  db: Database;
  pool: pg.Pool;
  close(): Promise<void>;
}

export function createDb(
  url: string,
  opts: { max?: number; onError?: (err: Error) => void } = {},
): DbHandle {
  // A server that accepts but never answers must not hang callers forever.
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 10, connectionTimeoutMillis: 5_000 });
  // An idle client losing its server (restart, failover) emits here; unhandled, it would kill the process.
  pool.on('error', opts.onError ?? ((err) => process.emitWarning(`postgres pool: ${err.message}`)));
  const db = drizzle(pool, { schema });
  return { db, pool, close: () => pool.end() };
}
