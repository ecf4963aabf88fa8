// Live hunts on the real stack: rows/s of openrouter hunts with a 2 s simulated model latency at
// WORKER_CONCURRENCY 50 (local fake model and fake web), row events per row, and the API's
// memory with 100 event-stream listeners (one Redis subscriber for all of them).
import { huntKeys } from '@bej/queue';
import { startFakeOpenAI } from '../services/mapper/src/test-support/fake-openai.ts';
import { fakeHuntModel } from '../services/enrich-worker/src/test-support/fake-hunt-model.ts';
import { loadWebRecords, startFakeWeb } from '../services/enrich-worker/src/test-support/fake-web.ts';
import { openSse, type SseClient } from '../tests/support/sse-client.ts';
import { repoRoot, startTestStack, type TestStack } from '../tests/support/test-stack.ts';

const ROWS = Number(process.env.BENCH_HUNT_ROWS ?? 250);
const LATENCY_MS = 2000;
const CONCURRENCY = 50;
const LISTENERS = 100;

function huntFile(rows: number): string {
  const lines = ['Company,Address,City,State,Zip'];
  for (let i = 0; i < rows; i += 1) {
    // A third found on the fake web (search, page, submit: 3 model calls), the rest not (search, submit: 2).
    lines.push(i % 3 === 0 ? `Haney Furniture Co,100 Main St,Pittsburgh,PA,15213` : `Bench Hunt ${i} LLC,${i} Side St,Erie,PA,16501`);
  }
  return lines.join('\n');
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const finals = (l: SseClient) => (l.counts.get('row') ?? 0) > 0 && l.frames.filter((f) => f.event === 'row' && /^row_(done|empty|failed)$/.test(f.data.type)).length;

async function runJob(stack: TestStack, token: string, rows: number) {
  const job = (await stack.api.upload(huntFile(rows), { bearer: token })).body;
  return job.id as string;
}

export async function runHuntBench(): Promise<string[]> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc (npm run bench does)');
  const heap = () => {
    gc();
    gc();
    return process.memoryUsage();
  };
  let modelCalls = 0;
  const model = await startFakeOpenAI({
    fallback: (request) => {
      modelCalls += 1;
      return { delayMs: LATENCY_MS, then: fakeHuntModel(request) };
    },
  });
  const web = await startFakeWeb(loadWebRecords(`${repoRoot}examples/directory.jsonl`));
  const stack = await startTestStack({
    ENRICH_PROVIDER: 'openrouter',
    OPENROUTER_API_KEY: 'bench',
    OPENROUTER_BASE_URL: model.baseURL,
    ENRICH_SEARCH_URL: web.baseUrl,
    ENRICH_FETCH_ALLOW_PRIVATE: '1',
    WORKER_CONCURRENCY: String(CONCURRENCY),
    LOG_LEVEL: 'error',
  });
  const listeners: SseClient[] = [];
  try {
    const agent = await stack.api.mintAgent();
    await stack.api.credit(agent.agent_id, 10_000);

    // 1. Throughput, one owner listening (counts the events).
    const jobId = await runJob(stack, agent.token, ROWS);
    const watcher = await openSse(`${stack.base}/api/v1/batch/enrich/${jobId}/events`, { authorization: `Bearer ${agent.token}` });
    const t0 = performance.now();
    await stack.api.request('POST', `/api/v1/batch/enrich/${jobId}/start`, { bearer: agent.token });
    const done = await stack.api.waitForBatch(jobId, agent.token, (j) => j.status === 'completed', 900_000, 250);
    const seconds = (performance.now() - t0) / 1000;
    await watcher.waitFor(() => finals(watcher) === ROWS, 60_000);
    const rowEvents = watcher.counts.get('row') ?? 0;
    watcher.close();
    const callsPerRow = modelCalls / ROWS;
    const ideal = CONCURRENCY / (callsPerRow * (LATENCY_MS / 1000));
    const rate = ROWS / seconds;

    // 2. 100 listeners (owners, frames counted not kept) on a second job: memory idle, then after it streamed.
    const small = 60;
    const second = await runJob(stack, agent.token, small);
    const url = `${stack.base}/api/v1/batch/enrich/${second}/events`;
    const before = heap();
    for (let i = 0; i < LISTENERS; i += 1) listeners.push(await openSse(url, { authorization: `Bearer ${agent.token}` }, { keep: false }));
    await Promise.all(listeners.map((l) => l.waitFor(() => (l.counts.get('job') ?? 0) > 0)));
    const idle = heap();
    const [, subscribers] = (await stack.redis.pubsub('NUMSUB', huntKeys.channel(stack.prefix, second))) as [string, number];
    await stack.api.request('POST', `/api/v1/batch/enrich/${second}/start`, { bearer: agent.token });
    await stack.api.waitForBatch(second, agent.token, (j) => j.status === 'completed', 900_000, 250);
    const perListener = listeners.map((l) => l.counts.get('row') ?? 0);
    await Promise.all(listeners.map((l) => l.waitFor(() => (l.counts.get('row') ?? 0) === Math.max(...perListener), 60_000)));
    const after = heap();
    const same = Math.min(...listeners.map((l) => l.counts.get('row') ?? 0)) === Math.max(...listeners.map((l) => l.counts.get('row') ?? 0));
    return [
      `hunts: ${ROWS} rows, openrouter provider, ${LATENCY_MS / 1000} s per model call, WORKER_CONCURRENCY=${CONCURRENCY}: ${rate.toFixed(1)} rows/s (ideal ${ideal.toFixed(1)} at ${callsPerRow.toFixed(2)} model calls per row; ratio ${(rate / ideal).toFixed(2)}); matched ${done.counts.matched}, empty ${done.counts.empty}, failed ${done.counts.failed}`,
      `hunts: ${(rowEvents / ROWS).toFixed(1)} row events per row (${rowEvents} for ${ROWS} rows)`,
      `hunts: ${LISTENERS} SSE listeners on one job: ${subscribers} Redis subscriber for its channel; live heap ${mb(before.heapUsed)} -> ${mb(idle.heapUsed)} with them open (${((idle.heapUsed - before.heapUsed) / 1024 / LISTENERS).toFixed(1)} KB per listener, client side in the same process included) -> ${mb(after.heapUsed)} after ${small} rows streamed to all (${same ? 'every listener got every event' : 'listeners DIFFER'}); rss ${mb(before.rss)} -> ${mb(after.rss)}`,
    ];
  } finally {
    for (const l of listeners) l.close();
    await stack.close();
    await model.close();
    await web.close();
  }
}
