import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import { beginRun, claimRow, createDb, dropDatabase, insertAgent, insertBatchWithRows, migrateDatabase, type DbHandle } from '@bej/db';
import { createLogger } from '@bej/logger';
import { HuntInterrupted, huntUnderLease } from './hunt-under-lease.ts';
import { TEST_JOB_MAPPING, testLead } from '../../../packages/db/src/test-support/test-job-mapping.ts';

const url = `postgresql://postgres@127.0.0.1:5432/bej_test_hunt_lease_${randomBytes(4).toString('hex')}`;
const logger = createLogger('lease-test', 'error');
let handle: DbHandle;
let jobId: string;

before(async () => {
  await migrateDatabase(url);
  handle = createDb(url, { max: 3 });
  const agent = await insertAgent(handle.db, { tokenHash: randomBytes(16).toString('hex'), webhookSecret: 'x' });
  const job = await insertBatchWithRows(
    handle.db,
    { agentId: agent.id, fileRowCount: 3, storedRowCount: 3, rowCount: 3, priceMicro: 250_000, headers: ['a'], mapping: TEST_JOB_MAPPING },
    Array.from({ length: 3 }, (_, rowIndex) => ({ rowIndex, cells: ['x'], input: testLead(), searchVariants: [], status: 'pending' })),
  );
  assert.ok(await handle.db.transaction((tx) => beginRun(tx, job.id, 'uploaded')));
  jobId = job.id;
});
after(async () => {
  await handle?.close();
  await dropDatabase(url);
});

const leaseOf = async (rowIndex: number) =>
  (await handle.db.execute<{ expires: Date }>(sql`select lease_expires_at as expires from batch_enrich_row where job_id = ${jobId} and row_index = ${rowIndex}`)).rows[0]!.expires;

test('the heartbeat keeps renewing the lease while the hunt runs', async () => {
  assert.equal((await claimRow(handle.db, jobId, 0, 1, { owner: 'a', ms: 600 })).kind, 'claimed');
  const first = new Date(await leaseOf(0)).getTime();
  const result = await huntUnderLease({ db: handle.db, logger, leaseMs: 600 }, { jobId, rowIndex: 0, owner: 'a' }, async () => {
    await sleep(1_000);
    return 'found';
  });
  assert.equal(result, 'found');
  assert.ok(new Date(await leaseOf(0)).getTime() > first + 300, 'renewed past its first expiry');
});

test('a hunt whose row was retaken after its lease lapsed is abandoned, even if the provider ignores the signal', async () => {
  assert.equal((await claimRow(handle.db, jobId, 1, 1, { owner: 'a', ms: 600 })).kind, 'claimed');
  await handle.db.execute(sql`update batch_enrich_row set lease_owner = 'b' where job_id = ${jobId} and row_index = 1`);
  await assert.rejects(
    huntUnderLease({ db: handle.db, logger, leaseMs: 600 }, { jobId, rowIndex: 1, owner: 'a' }, () => sleep(30_000, 'never')),
    (err) => err instanceof HuntInterrupted && err.reason === 'lease_lost',
  );
});

test('a shutdown interrupts the hunt and aborts the signal the provider got', async () => {
  assert.equal((await claimRow(handle.db, jobId, 2, 1, { owner: 'a', ms: 60_000 })).kind, 'claimed');
  const stopping = new AbortController();
  let providerSignal: AbortSignal | undefined;
  const hunt = huntUnderLease({ db: handle.db, logger, leaseMs: 60_000, stopping: stopping.signal }, { jobId, rowIndex: 2, owner: 'a' }, (signal) => {
    providerSignal = signal;
    return sleep(30_000, 'never', { signal });
  });
  stopping.abort();
  await assert.rejects(hunt, (err) => err instanceof HuntInterrupted && err.reason === 'shutdown');
  assert.equal(providerSignal?.aborted, true);
});
