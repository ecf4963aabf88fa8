import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { insertAgent } from './agents.repository.ts';
import { createDb, type DbHandle } from './client.ts';
import { beginRun, insertBatchWithRows } from './batches.repository.ts';
import { releaseRowLease, renewRowLease } from './leases.repository.ts';
import { dropDatabase, migrateDatabase } from './migrate.ts';
import { claimRow, failRow, finishRow } from './rows.repository.ts';
import { TEST_JOB_MAPPING, testLead } from './test-support/test-job-mapping.ts';

const url = `postgresql://postgres@127.0.0.1:5432/bej_test_leases_${randomBytes(4).toString('hex')}`;
let handle: DbHandle;

before(async () => {
  await migrateDatabase(url);
  handle = createDb(url, { max: 4 });
});
after(async () => {
  await handle?.close();
  await dropDatabase(url);
});

async function runningJob(rows = 2): Promise<string> {
  const agent = await insertAgent(handle.db, { tokenHash: randomBytes(16).toString('hex'), webhookSecret: 'x' });
  const job = await insertBatchWithRows(
    handle.db,
    { agentId: agent.id, fileRowCount: rows, storedRowCount: rows, rowCount: rows, priceMicro: 250_000, headers: ['a'], mapping: TEST_JOB_MAPPING },
    Array.from({ length: rows }, (_, rowIndex) => ({ rowIndex, cells: ['x'], input: testLead(), searchVariants: [], status: 'pending' })),
  );
  assert.ok(await handle.db.transaction((tx) => beginRun(tx, job.id, 'uploaded')));
  return job.id;
}

const finish = (leaseOwner: string) => ({
  matched: true,
  spentMicro: 250_000,
  result: {},
  found: { people: 0, phones: 0, emails: 0 },
  events: [],
  refund: null,
  leaseOwner,
});

async function expireLease(jobId: string, rowIndex: number) {
  await handle.db.execute(sql`update batch_enrich_row set lease_expires_at = now() - interval '1 second' where job_id = ${jobId} and row_index = ${rowIndex}`);
}

test('a live lease keeps other deliveries off the row; its own retry may take it back; a lapsed one frees it', async () => {
  const jobId = await runningJob();
  assert.equal((await claimRow(handle.db, jobId, 0, 1, { owner: 'delivery-a', ms: 60_000 })).kind, 'claimed');
  assert.equal((await claimRow(handle.db, jobId, 0, 1, { owner: 'delivery-b', ms: 60_000 })).kind, 'not_claimable', 'held by a');
  assert.equal((await claimRow(handle.db, jobId, 0, 1, { owner: 'delivery-a', ms: 60_000 })).kind, 'claimed', 'a retry of a');
  assert.equal(await renewRowLease(handle.db, jobId, 0, 'delivery-a', 60_000), true);

  await expireLease(jobId, 0);
  assert.equal((await claimRow(handle.db, jobId, 0, 1, { owner: 'delivery-b', ms: 60_000 })).kind, 'claimed', 'lapsed: b retakes it');
  assert.equal(await renewRowLease(handle.db, jobId, 0, 'delivery-a', 60_000), false, 'a learns it lost the row');
  assert.equal(await finishRow(handle.db, jobId, 0, finish('delivery-a')), false, 'a cannot store over b');
  assert.equal(await failRow(handle.db, jobId, 0, 'boom', 'delivery-a'), false, 'nor fail it');
  assert.equal(await finishRow(handle.db, jobId, 0, finish('delivery-b')), true);
});

test('a row released by its delivery goes back to queued and can be claimed by the next one', async () => {
  const jobId = await runningJob();
  assert.equal((await claimRow(handle.db, jobId, 1, 1, { owner: 'delivery-a', ms: 60_000 })).kind, 'claimed');
  assert.equal(await releaseRowLease(handle.db, jobId, 1, 'delivery-b'), false, 'only the holder releases');
  assert.equal(await releaseRowLease(handle.db, jobId, 1, 'delivery-a'), true);
  const row = await handle.db.execute<{ status: string }>(sql`select status from batch_enrich_row where job_id = ${jobId} and row_index = 1`);
  assert.equal(row.rows[0]!.status, 'queued');
  assert.equal((await claimRow(handle.db, jobId, 1, 1, { owner: 'delivery-b', ms: 60_000 })).kind, 'claimed');
});
