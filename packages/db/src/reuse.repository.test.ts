import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { and, eq, sql } from 'drizzle-orm';
import { insertAgent } from './agents.repository.ts';
import { createDb, type DbHandle } from './client.ts';
import { beginRun, insertJobWithRows } from './jobs.repository.ts';
import { creditAgent, debitRow, getBalanceMicro, ledgerSumMicro } from './ledger.repository.ts';
import { dropDatabase, migrateDatabase } from './migrate.ts';
import { reuseEarlierResult } from './reuse.repository.ts';
import { claimRow, finishRow } from './rows.repository.ts';
import { batchEnrichRows } from './schema.ts';

const url = `postgresql://postgres@127.0.0.1:5432/bej_test_reuse_${randomBytes(4).toString('hex')}`;
let handle: DbHandle;

before(async () => {
  await migrateDatabase(url);
  handle = createDb(url, { max: 6 });
});
after(async () => {
  await handle?.close();
  await dropDatabase(url);
});

const LEAD = { company: 'Haney Furniture Co', city: 'Pittsburgh', state: 'PA' };
const GRAPH = { input: LEAD, contacts: [{ display_name: 'Dana Haney' }], phones: [], emails: [], entities: [], confidence: 0.9, summary_markdown: 'x' };

async function newAgent(): Promise<string> {
  const agent = await insertAgent(handle.db, { tokenHash: randomBytes(16).toString('hex'), webhookSecret: 'x' });
  await creditAgent(handle.db, { agentId: agent.id, amountMicro: 10_000_000, kind: 'admin_credit', reason: 'test' });
  return agent.id;
}

/** A running one-row job whose row is claimed (status running), as a worker would hold it. */
async function claimedRow(agentId: string, opts: { dedupe?: boolean; input?: object } = {}) {
  const job = await insertJobWithRows(
    handle.db,
    { agentId, fileRowCount: 1, storedRowCount: 1, rowCount: 1, priceMicro: 250_000, headers: ['a'], mapping: {}, dedupe: opts.dedupe ?? true },
    [{ rowIndex: 0, cells: ['x'], input: opts.input ?? LEAD, searchVariants: [], status: 'pending' }],
  );
  await handle.db.transaction((tx) => beginRun(tx, job.id, 'uploaded'));
  assert.equal((await claimRow(handle.db, job.id, 0, 1)).kind, 'claimed');
  return job.id;
}

async function huntedAndMatched(agentId: string): Promise<string> {
  const jobId = await claimedRow(agentId);
  assert.equal(await debitRow(handle.db, { agentId, jobId, rowIndex: 0, amountMicro: 250_000 }), 'debited');
  const found = { people: 1, phones: 0, emails: 0 };
  assert.ok(await finishRow(handle.db, jobId, 0, { matched: true, spentMicro: 250_000, result: GRAPH, found, events: [], refund: null }));
  return jobId;
}

const rowOf = async (jobId: string) =>
  (await handle.db.select().from(batchEnrichRows).where(and(eq(batchEnrichRows.jobId, jobId), eq(batchEnrichRows.rowIndex, 0))))[0]!;

test('an identical lead of the same agent is finished from the earlier hunt, free, and a debit left by a crashed attempt is credited back', async () => {
  const agentId = await newAgent();
  const source = await huntedAndMatched(agentId);
  const jobId = await claimedRow(agentId);
  assert.equal(await debitRow(handle.db, { agentId, jobId, rowIndex: 0, amountMicro: 250_000 }), 'debited');
  assert.equal(await reuseEarlierResult(handle.db, { agentId, jobId, rowIndex: 0, withinDays: 30 }), true);
  const row = await rowOf(jobId);
  assert.deepEqual([row.status, row.matched, row.reused, row.spentMicro, row.foundPeople], ['done', true, true, 0, 1]);
  assert.deepEqual((row.result as { contacts: unknown[] }).contacts, GRAPH.contacts);
  assert.equal(await getBalanceMicro(handle.db, agentId), 10_000_000 - 250_000, 'only the source hunt was paid');
  assert.equal(await ledgerSumMicro(handle.db, agentId), 10_000_000 - 250_000);
  const spent = await handle.db.execute<{ s: number }>(sql`select ledger_spent_micro as s from batch_enrich_job where id = ${jobId}`);
  assert.equal(Number(spent.rows[0]!.s), 0);

  // A reused copy is never a source itself, and the source must be recent.
  const third = await claimedRow(agentId);
  await handle.db.execute(sql`update batch_enrich_row set finished_at = now() - interval '31 days' where job_id = ${source}`);
  assert.equal(await reuseEarlierResult(handle.db, { agentId, jobId: third, rowIndex: 0, withinDays: 30 }), false);
  assert.equal(await reuseEarlierResult(handle.db, { agentId, jobId: third, rowIndex: 0, withinDays: 40 }), true);
});

test('no reuse across agents, for a different lead, or when the job opted out', async () => {
  const agentId = await newAgent();
  await huntedAndMatched(agentId);
  const other = await newAgent();
  const theirs = await claimedRow(other);
  assert.equal(await reuseEarlierResult(handle.db, { agentId: other, jobId: theirs, rowIndex: 0, withinDays: 30 }), false);
  const different = await claimedRow(agentId, { input: { ...LEAD, zip: '15213' } });
  assert.equal(await reuseEarlierResult(handle.db, { agentId, jobId: different, rowIndex: 0, withinDays: 30 }), false);
  const optedOut = await claimedRow(agentId, { dedupe: false });
  assert.equal(await reuseEarlierResult(handle.db, { agentId, jobId: optedOut, rowIndex: 0, withinDays: 30 }), false);
  assert.equal((await rowOf(optedOut)).status, 'running', 'the row is left to be hunted');
});
