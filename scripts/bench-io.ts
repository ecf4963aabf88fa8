// Upload and download of a 10,000-row file on the real stack (in-process services, real PostgreSQL
// and Redis), each against its limit in the same run: the upload against `psql \copy` of the same
// file into a plain table with the same columns, the download of the enriched result in ms.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { deleteKeysWithPrefix } from '../packages/queue/src/test-support/redis-keys.ts';
import { startTestStack } from '../tests/support/test-stack.ts';
import type { BenchFigure } from './bench-figures.ts';
import { leadFile } from './bench-pipeline.ts';

const ROWS = 10_000;
const RUNS = Number(process.env.BENCH_IO_RUNS ?? 5);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Runs a command to its end (asynchronously: the services under test live in this process). */
function run(command: string, args: string[]): Promise<{ ms: number; stdout: string; stderr: string; code: number | null }> {
  const t0 = performance.now();
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ ms: performance.now() - t0, stdout, stderr, code }));
  });
}

/** Wall time of `psql -c "\copy …"` loading the file into a plain table of text columns (process start included). */
async function psqlCopy(databaseUrl: string, table: string, path: string): Promise<number> {
  const done = await run('psql', [databaseUrl, '-v', 'ON_ERROR_STOP=1', '-qc', `\\copy ${table} from '${path}' with (format csv, header true)`]);
  if (done.code !== 0) throw new Error(`psql \\copy failed: ${done.stderr}`);
  return done.ms;
}

// The HTTP client is curl, another process like psql, so this process's CPU is the services' alone.
async function curlUpload(base: string, token: string, path: string): Promise<{ ms: number; jobId: string; source: string }> {
  const done = await run('curl', ['-sS', '-w', '\\n%{http_code}', '-H', `authorization: Bearer ${token}`, '-F', `file=@${path};filename=leads.csv`, `${base}/api/v1/batch/enrich/upload`]);
  const [body, status] = [done.stdout.slice(0, done.stdout.lastIndexOf('\n')), done.stdout.slice(done.stdout.lastIndexOf('\n') + 1)];
  if (status !== '201') throw new Error(`upload failed: ${status} ${body.slice(0, 200)} ${done.stderr}`);
  const job = JSON.parse(body) as { id: string; mapping?: { source?: string } };
  return { ms: done.ms, jobId: job.id, source: job.mapping?.source ?? 'unknown' };
}

async function curlDownload(base: string, token: string, jobId: string): Promise<{ ms: number; bytes: number }> {
  const done = await run('curl', ['-sS', '-o', '/dev/null', '-w', '%{http_code} %{size_download}', '-H', `authorization: Bearer ${token}`, `${base}/api/v1/batch/enrich/${jobId}/download.csv`]);
  const [status, bytes] = done.stdout.split(' ');
  if (status !== '200') throw new Error(`download failed: ${status} ${done.stderr}`);
  return { ms: done.ms, bytes: Number(bytes) };
}

export async function runIoBench(): Promise<Array<string | BenchFigure>> {
  const id = `i12_io_${randomBytes(3).toString('hex')}`;
  const prefix = `bejbench-${id}`;
  const stack = await startTestStack(
    { DATABASE_URL: `postgresql://postgres@127.0.0.1:5432/bej_bench_${id}`, QUEUE_PREFIX: prefix, WORKER_CONCURRENCY: '20', LOG_LEVEL: 'error' },
    { services: ['enrich-worker', 'billing'] },
  );
  const dir = mkdtempSync(join(tmpdir(), 'bench-io-'));
  try {
    const file = leadFile(ROWS);
    const path = join(dir, 'leads.csv');
    writeFileSync(path, file);
    const header = file.slice(0, file.indexOf('\r\n')).split(',');
    await stack.database.db.execute(sql.raw(`create table bench_copy (${header.map((h) => `"${h}" text`).join(', ')})`));
    const agent = await stack.api.mintAgent();
    await stack.api.credit(agent.agent_id, 100_000);
    const uploads: number[] = [];
    const copies: number[] = [];
    const ratios: number[] = [];
    let jobId = '';
    // Interleaved, so both see the same machine load; the figure is the median of each pair's ratio.
    for (let i = 0; i < RUNS; i += 1) {
      const uploaded = await curlUpload(stack.base, agent.token, path);
      if (uploaded.source !== 'fast_path') throw new Error(`mapping source ${uploaded.source}, expected fast_path`);
      jobId = uploaded.jobId;
      await stack.database.db.execute(sql`truncate bench_copy`);
      const copyMs = await psqlCopy(stack.env.DATABASE_URL!, 'bench_copy', path);
      uploads.push(uploaded.ms);
      copies.push(copyMs);
      ratios.push(uploaded.ms / copyMs);
    }
    const stored = await stack.database.db.execute<{ n: number }>(sql`select count(*)::int as n from batch_enrich_row where job_id = ${jobId}`);
    if (stored.rows[0]!.n !== ROWS) throw new Error(`upload stored ${stored.rows[0]!.n} rows, expected ${ROWS}`);
    const uploadMs = median(uploads);
    const copyMs = median(copies);

    const started = await stack.api.request('POST', `/api/v1/batch/enrich/${jobId}/start`, { bearer: agent.token });
    if (started.status !== 202) throw new Error(`start failed: ${started.status} ${started.text.slice(0, 200)}`);
    await stack.api.waitForBatch(jobId, agent.token, (j) => j.status === 'completed', 900_000, 500);
    const downloads: number[] = [];
    let bytes = 0;
    for (let i = 0; i < RUNS; i += 1) {
      const downloaded = await curlDownload(stack.base, agent.token, jobId);
      downloads.push(downloaded.ms);
      bytes = downloaded.bytes;
    }
    const downloadMs = median(downloads);
    return [
      {
        figure: 'upload 10,000 rows vs psql \\copy',
        value: median(ratios),
        unit: 'x',
        limit: 3,
        better: 'lower',
        note: `median of ${RUNS} interleaved pairs; upload ${uploadMs.toFixed(0)} ms (curl POST to 201, rows stored, fast-path mapping) vs psql \\copy ${copyMs.toFixed(0)} ms (medians; process starts included), ${(file.length / 1e6).toFixed(1)} MB; uploads ${uploads.map((v) => v.toFixed(0)).join('/')}, copies ${copies.map((v) => v.toFixed(0)).join('/')}`,
      },
      {
        figure: 'download 10,000-row result',
        value: downloadMs,
        unit: 'ms',
        limit: 500,
        better: 'lower',
        note: `curl GET download.csv to last byte, ${(bytes / 1e6).toFixed(1)} MB of CSV, median of ${RUNS}; runs ${downloads.map((v) => v.toFixed(0)).join('/')}`,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await stack.close();
    // The stack removes its own default prefix only; this one is the branch's.
    const redis = new Redis(stack.env.REDIS_URL!);
    await deleteKeysWithPrefix(redis, prefix);
    await redis.quit();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { formatFigure } = await import('./bench-figures.ts');
  for (const line of await runIoBench()) console.log(typeof line === 'string' ? line : formatFigure(line));
}
