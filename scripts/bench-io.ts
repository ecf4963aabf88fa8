// Upload and download of a 10,000-row file on the real stack (in-process services, real PostgreSQL
// and Redis), each against its limit in the same run: the upload against `psql \copy` of the same
// file into a plain table with the same columns, the download of the enriched result in ms.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { deleteKeys, startTestStack } from '../tests/support/test-stack.ts';
import type { BenchFigure } from './bench-figures.ts';
import { leadFile } from './bench-pipeline.ts';

const ROWS = 10_000;
const RUNS = Number(process.env.BENCH_IO_RUNS ?? 5);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Wall time of `psql -c "\copy …"` loading the file into a plain table of text columns (process start included). */
function psqlCopy(databaseUrl: string, table: string, path: string): number {
  const t0 = performance.now();
  const run = spawnSync('psql', [databaseUrl, '-v', 'ON_ERROR_STOP=1', '-qc', `\\copy ${table} from '${path}' with (format csv, header true)`], { encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (run.status !== 0) throw new Error(`psql \\copy failed: ${run.stderr}`);
  return ms;
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
    let jobId = '';
    // Interleaved, so both see the same machine load.
    for (let i = 0; i < RUNS; i += 1) {
      const t0 = performance.now();
      const res = await stack.api.upload(file, { bearer: agent.token });
      uploads.push(performance.now() - t0);
      if (res.status !== 201) throw new Error(`upload failed: ${res.status} ${res.text.slice(0, 200)}`);
      if (res.body.mapping?.source !== undefined && res.body.mapping.source !== 'fast_path') throw new Error(`mapping source ${res.body.mapping.source}, expected fast_path`);
      jobId = res.body.id;
      await stack.database.db.execute(sql`truncate bench_copy`);
      copies.push(psqlCopy(stack.env.DATABASE_URL!, 'bench_copy', path));
    }
    const stored = await stack.database.db.execute<{ n: number }>(sql`select count(*)::int as n from batch_enrich_row where job_id = ${jobId}`);
    if (stored.rows[0]!.n !== ROWS) throw new Error(`upload stored ${stored.rows[0]!.n} rows, expected ${ROWS}`);
    const uploadMs = median(uploads);
    const copyMs = median(copies);

    const started = await stack.api.request('POST', `/api/v1/batch/enrich/${jobId}/start`, { bearer: agent.token });
    if (started.status !== 202) throw new Error(`start failed: ${started.status} ${started.text.slice(0, 200)}`);
    await stack.api.waitForJob(jobId, agent.token, (j) => j.status === 'completed', 900_000, 500);
    const downloads: number[] = [];
    let bytes = 0;
    for (let i = 0; i < RUNS; i += 1) {
      const t0 = performance.now();
      const res = await fetch(`${stack.base}/api/v1/batch/enrich/${jobId}/download.csv`, { headers: { authorization: `Bearer ${agent.token}` } });
      const body = await res.arrayBuffer();
      downloads.push(performance.now() - t0);
      if (res.status !== 200) throw new Error(`download failed: ${res.status}`);
      bytes = body.byteLength;
    }
    const downloadMs = median(downloads);
    return [
      {
        figure: 'upload 10,000 rows vs psql \\copy',
        value: uploadMs / copyMs,
        unit: 'x',
        limit: 3,
        better: 'lower',
        note: `upload ${uploadMs.toFixed(0)} ms (HTTP request to 201, rows stored, fast-path mapping) vs psql \\copy ${copyMs.toFixed(0)} ms (process start included), ${(file.length / 1e6).toFixed(1)} MB, medians of ${RUNS} interleaved; uploads ${uploads.map((v) => v.toFixed(0)).join('/')}, copies ${copies.map((v) => v.toFixed(0)).join('/')}`,
      },
      {
        figure: 'download 10,000-row result',
        value: downloadMs,
        unit: 'ms',
        limit: 500,
        better: 'lower',
        note: `GET download.csv to last byte, ${(bytes / 1e6).toFixed(1)} MB of CSV, median of ${RUNS}; runs ${downloads.map((v) => v.toFixed(0)).join('/')}`,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await stack.close();
    // The stack removes its own default prefix only; this one is the branch's.
    const redis = new Redis(stack.env.REDIS_URL!);
    await deleteKeys(redis, `${prefix}:*`);
    await redis.quit();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { formatFigure } = await import('./bench-figures.ts');
  for (const line of await runIoBench()) console.log(typeof line === 'string' ? line : formatFigure(line));
}
