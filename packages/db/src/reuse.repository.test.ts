import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { asc, eq, sql } from 'drizzle-orm';
import { insertAgent } from './agents.repository.ts';
import { beginRun, insertBatchWithRows } from './batches.repository.ts';
import { creditAgent, debitRow, getBalanceMicro } from './ledger.repository.ts';
import { useTestDatabase } from './test-support/test-database.ts';
import { countReusableRows, reuseEarlierResults } from './reuse.repository.ts';
import { claimRow, finishRow } from './rows.repository.ts';
import { batchEnrichRows } from './schema.ts';
import type { CanonicalLead } from '@bej/leads';
import { TEST_JOB_MAPPING, testLead } from './test-support/test-job-mapping.ts';

const handle = useTestDatabase('reuse', 6);

const LEAD = { company: 'Haney Furniture Co', city: 'Pittsburgh', state: 'PA' };
const OTHER_LEAD = { ...LEAD, zip: '15213' };
const GRAPH = { input: LEAD, contacts: [{ display_name: 'Dana Haney' }], phones: [], emails: [], entities: [], confidence: 0.9, summary_markdown: 'x' };

async function newAgent(): Promise<string> {
  const agent = await insertAgent(handle.db, { tokenHash: randomBytes(16).toString('hex'), webhookSecret: 'x' });
  await creditAgent(handle.db, { agentId: agent.id, amountMicro: 10_000_000, kind: 'admin_credit', reason: 'test' });
  return agent.id;
}

/** A job of `inputs.length` pending rows. */
async function newJob(agentId: string, inputs: Array<Partial<CanonicalLead>>, dedupe = true): Promise<string> {
  const job = await insertBatchWithRows(
    handle.db,
    { agentId, fileRowCount: inputs.length, storedRowCount: inputs.length, rowCount: inputs.length, priceMicro: 250_000, headers: ['a'], mapping: TEST_JOB_MAPPING, dedupe },
    inputs.map((input, rowIndex) => ({ rowIndex, cells: ['x'], input: testLead(input), searchVariants: [], status: 'pending' })),
  );
  return job.id;
}

/** A job whose one row was hunted, paid and matched, as the worker leaves it. */
async function huntedAndMatched(agentId: string): Promise<string> {
  const jobId = await newJob(agentId, [LEAD]);
  await handle.db.transaction((tx) => beginRun(tx, jobId, 'uploaded'));
  assert.equal((await claimRow(handle.db, jobId, 0, 1)).kind, 'claimed');
  assert.equal(await debitRow(handle.db, { agentId, jobId, rowIndex: 0, amountMicro: 250_000 }), 'debited');
  const found = { people: 1, phones: 0, emails: 0 };
  assert.ok(await finishRow(handle.db, jobId, 0, { matched: true, spentMicro: 250_000, result: GRAPH, found, events: [], refund: null }));
  return jobId;
}

const rowsOf = (jobId: string) => handle.db.select().from(batchEnrichRows).where(eq(batchEnrichRows.jobId, jobId)).orderBy(asc(batchEnrichRows.rowIndex));
const reuse = (jobId: string, agentId: string, withinDays = 30) => handle.db.transaction((tx) => reuseEarlierResults(tx, { jobId, agentId, withinDays }));

test('identical leads of the same agent are finished from the earlier hunt, free; other rows are left to hunt', async () => {
  const agentId = await newAgent();
  await huntedAndMatched(agentId);
  const jobId = await newJob(agentId, [LEAD, OTHER_LEAD, LEAD]);
  assert.equal(await countReusableRows(handle.db, { jobId, agentId, withinDays: 30 }), 2);
  assert.equal(await reuse(jobId, agentId), 2);
  const rows = await rowsOf(jobId);
  assert.deepEqual(
    rows.map((r) => [r.status, r.matched, r.reused, r.spentMicro, r.foundPeople]),
    [['done', true, true, 0, 1], ['pending', null, false, 0, 0], ['done', true, true, 0, 1]],
  );
  assert.deepEqual((rows[0]!.result as { contacts: unknown[] }).contacts, GRAPH.contacts);
  assert.equal(await getBalanceMicro(handle.db, agentId), 10_000_000 - 250_000, 'only the source hunt was paid');
  const events = await handle.db.execute<{ n: number }>(sql`select count(*)::int as n from batch_enrich_row_event where job_id = ${jobId} and type = 'reused'`);
  assert.equal(events.rows[0]!.n, 2);
  assert.equal(await reuse(jobId, agentId), 0, 'running it again changes nothing');
});

test('a reused copy is never a source, the source must be recent, and a row paid by an earlier attempt is left alone', async () => {
  const agentId = await newAgent();
  const source = await huntedAndMatched(agentId);
  const copy = await newJob(agentId, [LEAD]);
  assert.equal(await reuse(copy, agentId), 1);
  await handle.db.execute(sql`update batch_enrich_row set finished_at = now() - interval '31 days' where job_id = ${source}`);
  const late = await newJob(agentId, [LEAD]);
  assert.equal(await reuse(late, agentId, 30), 0, 'the copy (recent) does not count; the source is too old');
  assert.equal(await reuse(late, agentId, 40), 1);

  const paid = await newJob(agentId, [LEAD]);
  await handle.db.execute(sql`insert into ledger_entries (agent_id, kind, amount_micro, balance_after_micro, job_id, row_index, reason)
    values (${agentId}, 'row_debit', -250000, 0, ${paid}, 0, 'earlier attempt')`);
  assert.equal(await reuse(paid, agentId, 40), 0);
});

test('no reuse across agents, nor when the job opted out', async () => {
  const agentId = await newAgent();
  await huntedAndMatched(agentId);
  const other = await newAgent();
  const theirs = await newJob(other, [LEAD]);
  assert.equal(await countReusableRows(handle.db, { jobId: theirs, agentId: other, withinDays: 30 }), 0);
  assert.equal(await reuse(theirs, other), 0);
  const optedOut = await newJob(agentId, [LEAD], false);
  assert.equal(await reuse(optedOut, agentId), 0);
  assert.equal((await rowsOf(optedOut))[0]!.status, 'pending');
});
