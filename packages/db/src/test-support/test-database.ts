import { randomBytes } from 'node:crypto';
import { after, before } from 'node:test';
import { createDb, type DbHandle } from '../client.ts';
import { dropDatabase, migrateDatabase } from '../migrate.ts';

/**
 * A migrated database of this test file's own (`bej_test_<label>_<random>`), created before its
 * tests and dropped after them. Read `db`/`pool` inside tests, once `before` has run.
 */
export function useTestDatabase(label: string, poolMax: number): Pick<DbHandle, 'db' | 'pool'> & { url: string } {
  const url = `postgresql://postgres@127.0.0.1:5432/bej_test_${label}_${randomBytes(4).toString('hex')}`;
  let handle: DbHandle | undefined;
  const opened = (): DbHandle => {
    if (!handle) throw new Error('the test database is opened in before(); use it inside tests');
    return handle;
  };
  before(async () => {
    await migrateDatabase(url);
    handle = createDb(url, { max: poolMax });
  });
  after(async () => {
    await handle?.close();
    await dropDatabase(url);
  });
  return {
    url,
    get db() {
      return opened().db;
    },
    get pool() {
      return opened().pool;
    },
  };
}
