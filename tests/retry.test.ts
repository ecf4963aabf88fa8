import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { UnrecoverableError } from 'bullmq';
import { sql } from 'drizzle-orm';
import { getBalanceMicro, ledgerSumMicro, usdToMicro } from '@bej/db';
import { loadDirectory, createDirectoryProvider } from '../services/enrich-worker/src/providers/directory.provider.ts';
import type { EnrichProvider } from '../services/enrich-worker/src/providers/provider.ts';
import { repoRoot, startTestStack, type TestStack } from './support/test-stack.ts';

const attemptsByCompany = new Map<string, number>();
let stack: TestStack;

before(async () => {
  const directory = createDirectoryProvider({ index: await loadDirectory(`${repoRoot}examples/directory.jsonl`) });
  // Every row's first hunt crashes after its debit; "Broken Widget" never succeeds.
  const flaky: EnrichProvider = {
    name: 'flaky-directory',
    async hunt(request) {
      const key = request.lead.company ?? request.lead.contact_id;
      const attempt = (attemptsByCompany.get(key) ?? 0) + 1;
      attemptsByCompany.set(key, attempt);
      if (key === 'Broken Widget') throw new UnrecoverableError('provider refused this lead');
      if (attempt === 1) throw new Error('simulated crash mid-hunt');
      return directory.hunt(request);
    },
  };
  stack = await startTestStack({ WORKER_CONCURRENCY: '4' }, { provider: flaky });
});
after(async () => {
  await stack?.close();
});

test('a hunt that crashes after its debit is retried without a second charge; a failed row is refunded', async () => {
  const { api, database } = stack;
  const agent = await api.mintAgent();
  await api.credit(agent.agent_id, 10);
  const csv = [
    'Company,Address,City,State,Zip,Phone',
    'Haney Furniture Co,100 Main St,Pittsburgh,PA,15213,',
    'Nobody Here LLC,1 Nowhere Rd,Nome,AK,99762,',
    'Broken Widget,5 Side St,Erie,PA,16501,',
  ].join('\n');
  const job = (await api.upload(csv, { bearer: agent.token, fields: { auto_start: 'true' } })).body;
  assert.equal(job.status, 'running', 'auto_start with a funded bearer starts at once');
  const done = await api.waitForBatch(job.id, agent.token, (j) => j.status === 'completed');
  assert.deepEqual([done.counts.matched, done.counts.empty, done.counts.failed], [1, 1, 1]);
  assert.equal(attemptsByCompany.get('Haney Furniture Co'), 2);
  assert.equal(done.spent_usd, 0.25);
  const balance = await getBalanceMicro(database.db, agent.agent_id);
  assert.equal(balance, usdToMicro(9.75));
  assert.equal(await ledgerSumMicro(database.db, agent.agent_id), balance);
  const debits = await database.db.execute<{ n: number }>(
    sql`select count(*)::int as n from ledger_entries where job_id = ${job.id} and kind = 'row_debit'`,
  );
  assert.equal(debits.rows[0]!.n, 3, 'one debit per row despite the retries');
});
