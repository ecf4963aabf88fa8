// End-to-end figures on the real stack (in-process services, real PostgreSQL and Redis):
// upload time of a 10,000-row file, enrichment rows/s, and download time and memory.
import { Writable } from 'node:stream';
import { startTestStack, type TestStack } from '../tests/support/test-stack.ts';
import { findBatch } from '@bej/db';
import { writeEnrichedCsv } from '../services/upload-api/src/batches/download-csv.ts';

const ROWS = 10_000;

/** A 10,000-row lead file of about 5 MB, a third of it matching the bundled directory. */
export function leadFile(rows = ROWS): string {
  const lines = ['Company,Address,Address 2,City,State,Zip,Phone,Contact,Notes'];
  for (let i = 0; i < rows; i += 1) {
    const company = i % 3 === 0 ? 'Haney Furniture Co' : `Benchmark Supply ${i} LLC`;
    const note = `"Account reviewed, ${'call back later; '.repeat(20)}"`;
    lines.push(`${company},${100 + (i % 900)} Main St,Suite ${i % 50},Pittsburgh,PA,15213,(412) 555-${String(1000 + (i % 9000)).slice(-4)},Pat Doe ${i},${note}`);
  }
  return lines.join('\r\n');
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function enrichRun(latencyMs: number, rows: number, concurrency: number) {
  const stack = await startTestStack({ WORKER_CONCURRENCY: String(concurrency), ENRICH_SIMULATED_LATENCY_MS: String(latencyMs), LOG_LEVEL: 'error' });
  try {
    const agent = await stack.api.mintAgent();
    await stack.api.credit(agent.agent_id, 100_000);
    const file = leadFile(rows);
    const uploadTimes: number[] = [];
    let jobId = '';
    for (let i = 0; i < (rows === ROWS ? 3 : 1); i += 1) {
      const t0 = performance.now();
      const res = await stack.api.upload(file, { bearer: agent.token });
      uploadTimes.push(performance.now() - t0);
      if (res.status !== 201) throw new Error(`upload failed: ${res.status} ${res.text.slice(0, 200)}`);
      jobId = res.body.id;
    }
    const t0 = performance.now();
    await stack.api.request('POST', `/api/v1/batch/enrich/${jobId}/start`, { bearer: agent.token });
    await stack.api.waitForBatch(jobId, agent.token, (j) => j.status === 'completed', 600_000, 500);
    const seconds = (performance.now() - t0) / 1000;
    return { stack, jobId, bytes: Buffer.byteLength(file), uploadMs: median(uploadTimes), rowsPerSecond: rows / seconds, close: () => stack.close() };
  } catch (err) {
    await stack.close();
    throw err;
  }
}

async function downloadInto(stack: TestStack, jobId: string, onChunk: (n: number) => void): Promise<number> {
  let bytes = 0;
  let chunks = 0;
  const sink = new Writable({
    write(chunk, _enc, done) {
      bytes += chunk.length;
      onChunk(++chunks);
      done();
    },
  });
  const job = await findBatch(stack.database.db, jobId);
  if (!job) throw new Error(`job ${jobId} not found`);
  await writeEnrichedCsv(stack.database.db, job, sink, { fileColumns: true });
  return bytes;
}

/** Peak live heap (after forced GCs; run with --expose-gc) above the starting point while a job streams out. */
async function liveHeapGrowth(stack: TestStack, jobId: string): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc (npm run bench does)');
  const live = () => {
    gc();
    return process.memoryUsage().heapUsed;
  };
  const before = live();
  let peak = before;
  await downloadInto(stack, jobId, (n) => {
    if (n % 3 === 0) peak = Math.max(peak, live());
  });
  return Math.max(peak - before, 1);
}

export async function runPipelineBench(): Promise<string[]> {
  const lines: string[] = [];
  const fast = await enrichRun(0, ROWS, 20);
  try {
    lines.push(`pipeline.upload_10k_rows_ms ${fast.uploadMs.toFixed(0)} (${(fast.bytes / 1e6).toFixed(1)} MB, median of 3)`);
    lines.push(`pipeline.enrich_rows_per_s ${fast.rowsPerSecond.toFixed(0)} (directory provider, no latency, WORKER_CONCURRENCY=20, 1 worker process)`);
    const t0 = performance.now();
    const bytes = await downloadInto(fast.stack, fast.jobId, () => undefined);
    lines.push(`pipeline.download_10k_rows_ms ${(performance.now() - t0).toFixed(0)} (${(bytes / 1e6).toFixed(1)} MB of CSV)`);
    // Streaming means the live heap does not grow with the file: compare 1,000 and 10,000 rows.
    const agent = await fast.stack.api.mintAgent();
    const small = (await fast.stack.api.upload(leadFile(1_000), { bearer: agent.token })).body.id as string;
    const large = (await fast.stack.api.upload(leadFile(ROWS), { bearer: agent.token })).body.id as string;
    const growthSmall = await liveHeapGrowth(fast.stack, small);
    const growthLarge = await liveHeapGrowth(fast.stack, large);
    lines.push(
      `pipeline.download_live_heap_growth_mb 1k_rows ${(growthSmall / 1e6).toFixed(1)} 10k_rows ${(growthLarge / 1e6).toFixed(1)} (ratio ${(growthLarge / growthSmall).toFixed(2)}x for 10x the rows)`,
    );
  } finally {
    await fast.close();
  }
  const latency = 50;
  const slow = await enrichRun(latency, 2_000, 20);
  await slow.close();
  const ideal = (20 * 1000) / latency;
  lines.push(`pipeline.enrich_rows_per_s_at_${latency}ms_latency ${slow.rowsPerSecond.toFixed(0)} (ideal ${ideal}; ratio ${(slow.rowsPerSecond / ideal).toFixed(2)})`);
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const line of await runPipelineBench()) console.log(line);
}
