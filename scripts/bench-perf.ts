// Issue 12, the worker's figures, on the stack as production runs it: the four services compiled
// (`npm run build`) and started with plain node as the Dockerfile's ENTRYPOINT does, against the
// shared PostgreSQL and Redis under a database and queue prefix of this run's own (dropped after).
// Each figure is measured against its limit in the same run:
//  1. rows/s through the stack (directory provider, no latency, 10,000 rows) ÷ a bare BullMQ
//     no-op worker on the same Redis (same job count, priorities and concurrency): >= 0.3
//  2. latency-bound efficiency: 2,000 rows at 200 ms provider latency, WORKER_CONCURRENCY 50:
//     rows/s ÷ (50 / 0.2 s): >= 0.9
//  3. a 10-row batch of another agent, started while a 10,000-row batch runs (50 ms latency):
//     start call → completed, < 3 s
//  4. peak resident memory, sum over the four service processes, through the 10,000-row runs
//     (upload included): < 400 MB
//  5. speed-up of 2 enrich-worker processes over 1 (figure 1's run repeated with two workers)
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { sql } from 'drizzle-orm';
import { createDb, dropDatabase, migrateDatabase } from '@bej/db';
import { rowPriority } from '@bej/queue';
import { buildOnce, startCompiledService, type CompiledService } from '../tests/support/compiled-service.ts';
import { deleteKeysWithPrefix } from '../packages/queue/src/test-support/redis-keys.ts';
import { ADMIN_TOKEN, ApiClient, repoRoot } from '../tests/support/test-stack.ts';
import { leadFile } from './bench-pipeline.ts';
import type { BenchFigure } from './bench-figures.ts';

const BRANCH = 'i12_worker';
const BIG = 10_000;
const FAST_CONCURRENCY = 20;

interface PerfStack {
  api: ApiClient;
  db: ReturnType<typeof createDb>;
  services: Array<[string, CompiledService]>;
  /** Peak of the summed RSS (MB) since the last `resetPeak`, sampled every 50 ms. */
  peakRssMb(): number;
  /** Each service's own peak over the same period, e.g. "upload-api 120, mapper 80, ...". */
  peaksByService(): string;
  resetPeak(): void;
  close(): Promise<void>;
}

async function startPerfStack(overrides: Record<string, string>, workers = 1): Promise<PerfStack> {
  const id = randomBytes(4).toString('hex');
  const env: Record<string, string> = {
    DATABASE_URL: `postgresql://postgres@127.0.0.1:5432/bej_bench_${BRANCH}_${id}`,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: `bejbench-${BRANCH}-${id}`,
    PORT: '0',
    HEALTH_PORT: '0',
    ADMIN_TOKEN,
    // As production runs (the services log their ports at info).
    LOG_LEVEL: 'info',
    BATCH_ENRICH_LLM_MAP_ENABLED: '0',
    ENRICH_DIRECTORY_PATH: `${repoRoot}examples/directory.jsonl`,
    RATE_LIMIT_AGENT_MINT: '1000000/1h',
    RATE_LIMIT_UPLOAD: '1000000/1h',
    RATE_LIMIT_AUTH_FAILURES: '1000000/1h',
    ...overrides,
  };
  await migrateDatabase(env.DATABASE_URL!);
  const services: Array<[string, CompiledService]> = [];
  const db = createDb(env.DATABASE_URL!, { max: 2 });
  let peak = 0;
  let own = new Map<number, number>();
  const sampler = setInterval(() => {
    let sum = 0;
    for (const [i, [, service]] of services.entries()) {
      try {
        const mb = service.rssMb();
        sum += mb;
        own.set(i, Math.max(own.get(i) ?? 0, mb));
      } catch (err) {
        // A service that exited has no /proc entry: the run fails on its own; note it here.
        process.emitWarning(`rss not read: ${(err as Error).message}`);
      }
    }
    peak = Math.max(peak, sum);
  }, 50);
  try {
    const names = ['upload-api', 'mapper', ...Array.from({ length: workers }, () => 'enrich-worker'), 'billing'];
    for (const name of names) services.push([name, await startCompiledService(name, env)]);
    for (const [, service] of services) await fetch(`http://127.0.0.1:${service.port}/readyz`);
  } catch (err) {
    clearInterval(sampler);
    for (const [, service] of services) await service.stop();
    await db.close();
    await dropDatabase(env.DATABASE_URL!);
    throw err;
  }
  const api = new ApiClient(`http://127.0.0.1:${services[0]![1].port}`);
  return {
    api,
    db,
    services,
    peakRssMb: () => peak,
    peaksByService: () => services.map(([name], i) => `${name} ${(own.get(i) ?? 0).toFixed(0)}`).join(', '),
    resetPeak: () => {
      peak = 0;
      own = new Map();
    },
    async close() {
      clearInterval(sampler);
      for (const [, service] of services) await service.stop();
      await db.close();
      const redis = new Redis(env.REDIS_URL!);
      await deleteKeysWithPrefix(redis, env.QUEUE_PREFIX!);
      await redis.quit();
      await dropDatabase(env.DATABASE_URL!);
    },
  };
}

/** CPU seconds (user + system) a process used so far (Linux /proc, clock ticks of 1/100 s). */
function cpuSeconds(pid: number | undefined): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** CPU ms per row of each enrich-worker process of the stack while `work` runs. */
async function workerCpuPerRow(stack: PerfStack, rows: number, work: () => Promise<number>): Promise<{ rate: number; cpuMsPerRow: number }> {
  const workers = stack.services.filter(([name]) => name === 'enrich-worker').map(([, s]) => s.child.pid);
  const before = workers.map(cpuSeconds);
  const rate = await work();
  const used = workers.map((pid, i) => cpuSeconds(pid) - before[i]!).reduce((a, b) => a + b, 0);
  return { rate, cpuMsPerRow: (used * 1000) / rows };
}

async function fundedAgent(api: ApiClient) {
  const agent = await api.mintAgent();
  await api.credit(agent.agent_id, 100_000);
  return agent;
}

async function uploaded(api: ApiClient, rows: number, token: string): Promise<string> {
  const res = await api.upload(leadFile(rows), { bearer: token });
  if (res.status !== 201) throw new Error(`upload failed: ${res.status} ${res.text.slice(0, 200)}`);
  return res.body.id as string;
}

async function start(api: ApiClient, jobId: string, token: string) {
  const res = await api.request('POST', `/api/v1/batch/enrich/${jobId}/start`, { bearer: token });
  if (res.status !== 202) throw new Error(`start failed: ${res.status} ${res.text.slice(0, 200)}`);
}

/** Upload, then time start → completed; rows/s of the run. */
async function enrichRate(stack: PerfStack, rows: number): Promise<number> {
  const agent = await fundedAgent(stack.api);
  const jobId = await uploaded(stack.api, rows, agent.token);
  const t0 = performance.now();
  await start(stack.api, jobId, agent.token);
  // The job row's status, read by primary key every 25 ms: the API's job object counts the rows
  // (an aggregate over the job), and polling it this often would load the database under test.
  const deadline = Date.now() + 900_000;
  while ((await stack.db.db.execute<{ status: string }>(sql`select status from batch_enrich_job where id = ${jobId}`)).rows[0]?.status !== 'completed') {
    if (Date.now() > deadline) throw new Error(`job ${jobId} did not complete`);
    await new Promise((r) => setTimeout(r, 25));
  }
  return rows / ((performance.now() - t0) / 1000);
}

/** The same number of jobs through a BullMQ worker that does nothing: the ceiling of the queue itself. */
async function bareBullmqRate(rows: number, concurrency: number): Promise<number> {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
  const prefix = `bejbench-${BRANCH}-bare-${randomBytes(4).toString('hex')}`;
  const queue = new Queue('bare', { connection: redis, prefix });
  try {
    const jobs = Array.from({ length: rows }, (_, i) => ({
      name: 'row',
      data: { jobId: '00000000-0000-0000-0000-000000000000', rowIndex: i, run: 1 },
      opts: { jobId: `bare-${i}`, priority: rowPriority(i + 1), removeOnComplete: true },
    }));
    for (let i = 0; i < jobs.length; i += 1000) await queue.addBulk(jobs.slice(i, i + 1000));
    let done = 0;
    let elapsed = 0;
    const connection = redis.duplicate({ maxRetriesPerRequest: null });
    const finished = new Promise<void>((resolve) => {
      const t0 = performance.now();
      const worker = new Worker('bare', async () => undefined, { connection, prefix, concurrency });
      worker.on('completed', () => {
        done += 1;
        if (done === rows) {
          elapsed = performance.now() - t0;
          void worker.close().then(() => resolve());
        }
      });
    });
    await finished;
    await connection.quit();
    return rows / (elapsed / 1000);
  } finally {
    await queue.close();
    await deleteKeysWithPrefix(redis, prefix);
    await redis.quit();
  }
}

async function fairness(stack: PerfStack): Promise<{ ms: number; bigDone: number }> {
  const [bigAgent, smallAgent] = [await fundedAgent(stack.api), await fundedAgent(stack.api)];
  const big = await uploaded(stack.api, BIG, bigAgent.token);
  const small = await uploaded(stack.api, 10, smallAgent.token);
  await start(stack.api, big, bigAgent.token);
  const finished = async () =>
    (await stack.db.db.execute<{ n: number }>(sql`select count(*)::int as n from batch_enrich_row where job_id = ${big} and finished_at is not null`)).rows[0]!.n;
  const deadline = Date.now() + 300_000;
  while ((await finished()) < BIG / 10) {
    if (Date.now() > deadline) throw new Error('the big batch made no progress');
    await new Promise((r) => setTimeout(r, 50));
  }
  const t0 = performance.now();
  await start(stack.api, small, smallAgent.token);
  await stack.api.waitForBatch(small, smallAgent.token, (j) => j.status === 'completed', 600_000, 20);
  const ms = performance.now() - t0;
  const bigDone = await finished();
  return { ms, bigDone };
}

export async function runPerfBench(): Promise<BenchFigure[]> {
  buildOnce();
  const figures: BenchFigure[] = [];

  // 1 + 4 (+ the baseline of 5): 10,000 rows, no latency, one worker process; the bare queue right before it.
  const bare = await bareBullmqRate(BIG, FAST_CONCURRENCY);
  const one = await startPerfStack({ WORKER_CONCURRENCY: String(FAST_CONCURRENCY), ENRICH_SIMULATED_LATENCY_MS: '0' });
  let oneRate: number;
  let oneCpu: number;
  let fastPeak: number;
  let fastPeaks: string;
  try {
    one.resetPeak();
    ({ rate: oneRate, cpuMsPerRow: oneCpu } = await workerCpuPerRow(one, BIG, () => enrichRate(one, BIG)));
    fastPeak = one.peakRssMb();
    fastPeaks = one.peaksByService();
  } finally {
    await one.close();
  }
  figures.push({
    figure: 'issue12.stack_vs_bare_bullmq',
    value: oneRate / bare,
    unit: 'ratio',
    limit: 0.3,
    better: 'higher',
    note: `${oneRate.toFixed(0)} rows/s through the stack vs ${bare.toFixed(0)} rows/s bare no-op BullMQ worker (10,000 rows, directory, no latency, concurrency ${FAST_CONCURRENCY}, 1 worker process; enrich-worker CPU ${oneCpu.toFixed(2)} ms/row)`,
  });

  // 5: the same run with two enrich-worker processes.
  const two = await startPerfStack({ WORKER_CONCURRENCY: String(FAST_CONCURRENCY), ENRICH_SIMULATED_LATENCY_MS: '0' }, 2);
  let twoRate: number;
  let twoCpu: number;
  try {
    ({ rate: twoRate, cpuMsPerRow: twoCpu } = await workerCpuPerRow(two, BIG, () => enrichRate(two, BIG)));
  } finally {
    await two.close();
  }
  figures.push({
    figure: 'issue12.two_workers_speedup',
    value: twoRate / oneRate,
    unit: 'x',
    limit: 2,
    better: 'higher',
    note: `${twoRate.toFixed(0)} vs ${oneRate.toFixed(0)} rows/s (worker CPU ${twoCpu.toFixed(2)} vs ${oneCpu.toFixed(2)} ms/row); the limit is the ideal (no target): 2 cores shared by both workers, PostgreSQL, Redis and the other services`,
  });

  // 2: latency-bound efficiency.
  const slow = await startPerfStack({ WORKER_CONCURRENCY: '50', ENRICH_SIMULATED_LATENCY_MS: '200' });
  let slowRate: number;
  try {
    slowRate = await enrichRate(slow, 2_000);
  } finally {
    await slow.close();
  }
  figures.push({
    figure: 'issue12.latency_bound_efficiency',
    value: slowRate / (50 / 0.2),
    unit: 'ratio',
    limit: 0.9,
    better: 'higher',
    note: `${slowRate.toFixed(0)} rows/s of the ideal 250 (2,000 rows, 200 ms provider latency, WORKER_CONCURRENCY 50)`,
  });

  // 3 + 4: a small batch while a 10,000-row batch runs; peak memory through that run too.
  const fair = await startPerfStack({ WORKER_CONCURRENCY: '20', ENRICH_SIMULATED_LATENCY_MS: '50' });
  let fairPeak: number;
  let fairPeaks: string;
  let small: { ms: number; bigDone: number };
  try {
    fair.resetPeak();
    small = await fairness(fair);
    fairPeak = fair.peakRssMb();
    fairPeaks = fair.peaksByService();
  } finally {
    await fair.close();
  }
  figures.push({
    figure: 'issue12.small_batch_while_10k_runs_ms',
    value: small.ms,
    unit: 'ms',
    limit: 3_000,
    better: 'lower',
    note: `10 rows of another agent, started when ${BIG / 10} of ${BIG} rows had finished (${small.bigDone} by its end); directory, 50 ms latency, WORKER_CONCURRENCY 20`,
  });
  figures.push({
    figure: 'issue12.peak_rss_all_services_mb',
    value: Math.max(fastPeak, fairPeak),
    unit: 'MB',
    limit: 400,
    better: 'lower',
    note: `sum over upload-api, mapper, enrich-worker, billing (compiled, plain node, the Dockerfile's flags); ${fastPeak.toFixed(0)} MB through the no-latency 10,000-row run (upload included; peaks ${fastPeaks}), ${fairPeak.toFixed(0)} MB through the fairness run (two uploads, until the small batch completed; peaks ${fairPeaks})`,
  });
  return figures;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { formatFigure } = await import('./bench-figures.ts');
  for (const figure of await runPerfBench()) console.log(formatFigure(figure));
}
