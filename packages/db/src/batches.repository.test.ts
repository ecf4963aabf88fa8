import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { and, eq, sql } from 'drizzle-orm';
import { insertAgent } from './agents.repository.ts';
import { beginRun, insertBatchWithRows, pauseRun, releaseQueuedRows } from './batches.repository.ts';
import { useTestDatabase } from './test-support/test-database.ts';
import { claimRow, releaseRow } from './rows.repository.ts';
import { batchEnrichRows } from './schema.ts';
import { TEST_JOB_MAPPING, testLead } from './test-support/test-job-mapping.ts';

const handle = useTestDatabase('jobs', 6);

async function pausedJob(rows = 4) {
  const agent = await insertAgent(handle.db, { tokenHash: randomBytes(16).toString('hex'), webhookSecret: 'x' });
  const job = await insertBatchWithRows(
    handle.db,
    { agentId: agent.id, fileRowCount: rows, storedRowCount: rows, rowCount: rows, priceMicro: 250_000, headers: ['a'], mapping: TEST_JOB_MAPPING },
    Array.from({ length: rows }, (_, rowIndex) => ({ rowIndex, cells: ['x'], input: testLead(), searchVariants: [], status: 'pending' })),
  );
  const begun = await handle.db.transaction((tx) => beginRun(tx, job.id, 'uploaded'));
  assert.ok(begun);
  assert.ok(await pauseRun(handle.db, job.id, 1, 'insufficient_balance'));
  return job.id;
}

async function statuses(jobId: string): Promise<string[]> {
  const rows = await handle.db
    .select({ status: batchEnrichRows.status })
    .from(batchEnrichRows)
    .where(eq(batchEnrichRows.jobId, jobId))
    .orderBy(batchEnrichRows.rowIndex);
  return rows.map((r) => r.status);
}

test('releasing queued rows of a paused job never undoes a resume that commits meanwhile', async () => {
  const jobId = await pausedJob();
  let commitResume!: () => void;
  const resumeHeld = new Promise<void>((resolve) => (commitResume = resolve));
  let resumed!: () => void;
  const resumeStarted = new Promise<void>((resolve) => (resumed = resolve));
  const resume = handle.db.transaction(async (tx) => {
    const begun = await beginRun(tx, jobId, 'paused');
    assert.equal(begun?.rowIndexes.length, 4);
    resumed();
    await resumeHeld;
  });
  await resumeStarted;
  const release = releaseQueuedRows(handle.db, jobId);
  await new Promise((r) => setTimeout(r, 100)); // the release is now waiting on the job row
  commitResume();
  await resume;
  assert.equal(await release, 0);
  assert.deepEqual(await statuses(jobId), ['queued', 'queued', 'queued', 'queued']);
});

test('a row in flight when its job paused goes back to pending, or is queued again for a newer run', async () => {
  const jobId = await pausedJob();
  await handle.db.execute(sql`update batch_enrich_row set status = 'running' where job_id = ${jobId} and row_index in (0, 1)`);
  assert.deepEqual(await releaseRow(handle.db, jobId, 0, 1), { requeueRun: null });
  assert.deepEqual((await statuses(jobId)).slice(0, 2), ['pending', 'running']);

  // Resume (run 2) while row 1 is still in flight from run 1: it was not queued by the resume.
  const begun = await handle.db.transaction((tx) => beginRun(tx, jobId, 'paused'));
  assert.deepEqual(begun?.rowIndexes, [0, 2, 3]);
  assert.deepEqual(await releaseRow(handle.db, jobId, 1, 1), { requeueRun: 2 });
  assert.equal((await statuses(jobId))[1], 'queued');

  // A stale delivery of run 1 does not touch rows of run 2; the current run claims them.
  assert.deepEqual(await claimRow(handle.db, jobId, 2, 1), { kind: 'stale' });
  const claimed = await claimRow(handle.db, jobId, 2, 2);
  assert.equal(claimed.kind, 'claimed');
  const [row] = await handle.db.select().from(batchEnrichRows).where(and(eq(batchEnrichRows.jobId, jobId), eq(batchEnrichRows.rowIndex, 2)));
  assert.equal(row?.status, 'running');
});
