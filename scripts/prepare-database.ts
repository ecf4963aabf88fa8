import { migrateDatabase } from '@bej/db';

/**
 * Migrates before `npm start` / `npm run demo`; PostgreSQL answering but refusing us (role,
 * password, permissions) is one line too, not a stack trace.
 */
export async function prepareDatabase(url: string): Promise<void> {
  try {
    await migrateDatabase(url);
  } catch (err) {
    const where = new URL(url);
    console.error(`PostgreSQL at ${where.host} answered but the database could not be prepared: ${(err as Error).message}`);
    process.exit(1);
  }
}
