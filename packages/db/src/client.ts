import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import type { PgTransaction } from 'drizzle-orm/pg-core';
import type { NodePgQueryResultHKT } from 'drizzle-orm/node-postgres';
import type { ExtractTablesWithRelations, SQL } from 'drizzle-orm';
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

interface PreparingSession {
  session: { prepareQuery(query: unknown, fields: undefined, name: string, arrayMode: boolean): { execute(): Promise<unknown> } };
  dialect: { sqlToQuery(query: SQL): unknown };
}

/**
 * `db.execute` as a named prepared statement: each connection parses and plans the statement
 * once and then only binds values (the hot per-row statements of the worker). `name` must be
 * unique to the statement's text, which must not vary between calls (values are parameters).
 */
export async function executeNamed<T extends Record<string, unknown>>(db: Executor, name: string, query: SQL): Promise<pg.QueryResult<T>> {
  const inner = db as unknown as PreparingSession;
  return (await inner.session.prepareQuery(inner.dialect.sqlToQuery(query), undefined, name, false).execute()) as pg.QueryResult<T>;
}
