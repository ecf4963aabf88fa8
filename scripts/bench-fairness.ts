// Fairness (README "Fairness between batches"): how long a 10-row batch of another agent takes to complete while a
// 10,000-row batch runs (directory provider, 50 ms simulated latency, WORKER_CONCURRENCY 20).
// Limit: 3 s from its start call to `completed` (a small batch starts within a second).
import { sql } from 'drizzle-orm';
import { startTestStack } from '../tests/support/test-stack.ts';
import { leadFile } from './bench-pipeline.ts';

const BIG = 10_000;
const SMALL = 10;
const LIMIT_MS = 3_000;

export async function runFairnessBench(): Promise<string[]> {
  const stack = await startTestStack({ WORKER_CONCURRENCY: '20', ENRICH_SIMULATED_LATENCY_MS: '50', LOG_LEVEL: 'error' });
  try {
    const [bigAgent, smallAgent] = [await stack.api.mintAgent(), await stack.api.mintAgent()];
    for (const agent of [bigAgent, smallAgent]) await stack.api.credit(agent.agent_id, 100_000);
    const big = await stack.api.upload(leadFile(BIG), { bearer: bigAgent.token });
    const small = await stack.api.upload(leadFile(SMALL), { bearer: smallAgent.token });
    if (big.status !== 201 || small.status !== 201) throw new Error(`upload failed: ${big.status} ${small.status}`);
    await stack.api.request('POST', `/api/v1/batch/enrich/${big.body.id}/start`, { bearer: bigAgent.token });
    // Mid-way through the big batch: a tenth of its rows finished.
    const finished = async () =>
      (await stack.database.db.execute<{ n: number }>(sql`select count(*)::int as n from batch_enrich_row where job_id = ${big.body.id} and finished_at is not null`)).rows[0]!.n;
    const deadline = Date.now() + 120_000;
    while ((await finished()) < BIG / 10) {
      if (Date.now() > deadline) throw new Error('the big batch made no progress');
      await new Promise((r) => setTimeout(r, 20));
    }
    const t0 = performance.now();
    const started = await stack.api.request('POST', `/api/v1/batch/enrich/${small.body.id}/start`, { bearer: smallAgent.token });
    if (started.status !== 202) throw new Error(`start failed: ${started.status} ${started.text.slice(0, 200)}`);
    await stack.api.waitForBatch(small.body.id, smallAgent.token, (j) => j.status === 'completed', 600_000, 20);
    const ms = performance.now() - t0;
    const bigDone = await finished();
    const bigJob = await stack.api.request('GET', `/api/v1/batch/enrich/${big.body.id}`, { bearer: bigAgent.token });
    return [
      `fairness.small_batch_while_big_runs_ms ${ms.toFixed(0)} (10 rows of another agent started while ${BIG} rows run, ${bigDone} of them finished and the big batch ${bigJob.body.status} by then; ` +
        `directory, 50 ms latency, WORKER_CONCURRENCY=20; limit ${LIMIT_MS} ms; ratio ${(ms / LIMIT_MS).toFixed(2)})`,
    ];
  } finally {
    await stack.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const line of await runFairnessBench()) console.log(line);
}
