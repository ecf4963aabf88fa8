import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { createLogger } from '@bej/logger';
import { startEnrichWorker } from '../services/enrich-worker/src/enrich-worker.service.ts';
import { loadEnrichWorkerEnv } from '../services/enrich-worker/src/env.ts';
import { leadsCsv } from './support/batch-checks.ts';
import { alwaysMatchProvider } from './support/money.ts';
import { waitFor } from './support/service-process.ts';
import { startTestStack, type TestStack } from './support/test-stack.ts';

// README "Fairness between batches", proven by order (not timing): batches are queued while no worker runs,
// then one worker with WORKER_CONCURRENCY 1 serves them and the order rows finish is read back.
let stack: TestStack;
before(async () => {
  stack = await startTestStack({ WORKER_CONCURRENCY: '1' }, { services: [] });
});
after(async () => {
  await stack?.close();
});

async function startedBatch(rows: number): Promise<{ jobId: string; queued: number }> {
  const agent = await stack.api.mintAgent();
  await stack.api.credit(agent.agent_id, 100);
  const upload = await stack.api.upload(leadsCsv(rows), { bearer: agent.token });
  assert.equal(upload.status, 201, upload.text);
  const started = await stack.api.request('POST', `/api/v1/batch/enrich/${upload.body.id}/start`, { bearer: agent.token });
  assert.equal(started.status, 202, started.text);
  return { jobId: upload.body.id, queued: started.body.counts.queued };
}

/** Runs one worker until `rows` rows of these jobs finished; returns the job id of each finished row, in finishing order. */
async function finishOrder(jobIds: string[], rows: number): Promise<string[]> {
  const worker = await startEnrichWorker(loadEnrichWorkerEnv(stack.env), createLogger('enrich-worker', 'error'), alwaysMatchProvider(1));
  const finished = async () =>
    (
      await stack.database.db.execute<{ job_id: string }>(
        sql`select job_id from batch_enrich_row where job_id in ${sql.raw(`(${jobIds.map((id) => `'${id}'`).join(',')})`)}
            and finished_at is not null order by finished_at, row_index`,
      )
    ).rows.map((r) => r.job_id);
  try {
    await waitFor(`${rows} rows finished`, async () => (await finished()).length >= rows, 120_000);
  } finally {
    for (const step of worker.steps) await step.run();
  }
  return finished();
}

test('a small batch started after a big one is served within the first rows, not after the big batch', async () => {
  const started = Date.now();
  const big = await startedBatch(60);
  const small = await startedBatch(5);
  assert.ok(big.queued >= 40, `the big batch queues many rows (${big.queued})`);
  assert.equal(small.queued, 5);
  // Rows wait in BullMQ's prioritized set: the queue-age gauge (autoscaling, alerts) must still see them.
  await waitFor('a queued row is older than 1 ms', async () => Date.now() - started > 5);
  const metrics = await stack.api.request('GET', '/metrics');
  const age = metrics.text.split('\n').find((l) => l.startsWith('bej_queue_oldest_waiting_seconds{queue="batch-enrich-rows"} '));
  assert.ok(Number(age?.split(' ')[1]) > 0, `the rows queue reports its oldest waiting row: ${age}`);
  const order = await finishOrder([big.jobId, small.jobId], big.queued + small.queued);
  const firstTen = order.slice(0, 10);
  assert.equal(firstTen.filter((id) => id === small.jobId).length, 5, `the small batch's 5 rows finish among the first 10: ${firstTen.join(' ')}`);
});

test('two big batches of two agents share one worker evenly', async () => {
  const a = await startedBatch(40);
  const b = await startedBatch(40);
  assert.ok(a.queued >= 20 && b.queued >= 20, `both batches queue many rows (${a.queued}, ${b.queued})`);
  const order = await finishOrder([a.jobId, b.jobId], 20);
  const firstTwenty = order.slice(0, 20);
  const ofA = firstTwenty.filter((id) => id === a.jobId).length;
  assert.ok(ofA >= 8 && ofA <= 12, `each batch gets 10 ± 2 of the first 20 rows; the first batch got ${ofA}`);
});
