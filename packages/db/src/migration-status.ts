import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { Executor } from './client.ts';
import { migrationsFolder } from './migrate.ts';

let latestShipped: Promise<number> | null = null;

/** `when` of the newest migration in db/migrations (what drizzle records as `created_at` once applied). */
function newestMigrationMillis(): Promise<number> {
  latestShipped ??= readFile(join(migrationsFolder, 'meta', '_journal.json'), 'utf8').then((text) => {
    const journal = JSON.parse(text) as { entries: Array<{ when: number }> };
    return Math.max(0, ...journal.entries.map((entry) => entry.when));
  });
  return latestShipped;
}

/**
 * True when the database has every migration this build ships. drizzle applies migrations in
 * order and records each one's folder timestamp, so comparing the newest is enough.
 */
export async function migrationsApplied(db: Executor): Promise<boolean> {
  const shipped = await newestMigrationMillis();
  const found = await db.execute<{ applied: boolean }>(sql`select to_regclass('drizzle.__drizzle_migrations') is not null as applied`);
  if (!found.rows[0]?.applied) return shipped === 0;
  const result = await db.execute<{ newest: string | null }>(sql`select max(created_at)::text as newest from drizzle.__drizzle_migrations`);
  const newest = Number(result.rows[0]?.newest ?? 0);
  return newest >= shipped;
}
