// Integration figures: a 10,000-row headless batch against the same rows uploaded as a file,
// download.csv with and without the file's own columns, callback latency, CLI start-up.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { leadFile } from './bench-pipeline.ts';
import { startTestStack } from '../tests/support/test-stack.ts';

const ROWS = 10_000;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const cliBin = fileURLToPath(new URL('../packages/cli/bin/batch-enrich.mjs', import.meta.url));

function headlessRows(rows: number) {
  return Array.from({ length: rows }, (_, i) => ({
    company: i % 3 === 0 ? 'Haney Furniture Co' : `Benchmark Supply ${i} LLC`,
    street: `${100 + (i % 900)} Main St Suite ${i % 50}`,
    city: 'Pittsburgh',
    state: 'PA',
    zip: '15213',
    number1: `(412) 555-${String(1000 + (i % 9000)).slice(-4)}`,
    dm_name: `Pat Doe ${i}`,
  }));
}

async function timed(run: () => Promise<unknown>, times = 3): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < times; i += 1) {
    const t0 = performance.now();
    await run();
    samples.push(performance.now() - t0);
  }
  return median(samples);
}

function cliStartMs(base: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [cliBin, 'mint', '--json'], { env: { ...process.env, BATCH_ENRICH_URL: base }, stdio: 'ignore' });
    child.once('error', reject);
    child.once('close', () => resolve(performance.now() - t0));
  });
}

export async function runIntegrationsBench(): Promise<string[]> {
  const lines: string[] = [];
  const received: number[] = [];
  const receiver = createServer((req, res) => {
    req.resume();
    req.on('end', () => (received.push(performance.now()), res.end()));
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  const stack = await startTestStack({ CALLBACK_ALLOW_PRIVATE: '1', LOG_LEVEL: 'error' });
  try {
    const { api } = stack;
    const agent = await api.mintAgent();
    await api.credit(agent.agent_id, 100_000);
    const rows = headlessRows(ROWS);
    const headlessMs = await timed(async () => {
      const res = await api.request('POST', '/api/v1/batch/enrich', { bearer: agent.token, json: { rows } });
      if (res.status !== 201) throw new Error(`headless failed: ${res.status} ${res.text.slice(0, 200)}`);
    });
    const file = leadFile(ROWS);
    let fileJob = '';
    const uploadMs = await timed(async () => {
      fileJob = (await api.upload(file, { bearer: agent.token })).body.id;
    });
    lines.push(`integrations.headless_10k_rows_ms ${headlessMs.toFixed(0)} (upload of the same rows as a CSV ${uploadMs.toFixed(0)} ms; ratio ${(headlessMs / uploadMs).toFixed(2)}, median of 3)`);

    const withColumns = await timed(() => api.request('GET', `/api/v1/batch/enrich/${fileJob}/download.csv`, { bearer: agent.token }));
    const without = await timed(() => api.request('GET', `/api/v1/batch/enrich/${fileJob}/download.csv?file_columns=0`, { bearer: agent.token }));
    lines.push(`integrations.download_10k_rows_file_columns_ms ${withColumns.toFixed(0)} (without them ${without.toFixed(0)} ms; ratio ${(withColumns / without).toFixed(2)})`);

    // Status change (a start with no rows to hunt completes at once) → the receiver has the POST.
    const latencies: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const job = (await api.request('POST', '/api/v1/batch/enrich', { bearer: agent.token, json: { rows: [{ dm_name: 'x' }], callback_url: hook } })).body;
      const before = received.length;
      const t0 = performance.now();
      await api.request('POST', `/api/v1/batch/enrich/${job.id}/start`, { bearer: agent.token });
      while (received.length === before) await new Promise((r) => setTimeout(r, 5));
      latencies.push(received[received.length - 1]! - t0);
    }
    lines.push(`integrations.callback_latency_ms ${median(latencies).toFixed(0)} (status change to receiver, median of 5; the relay is woken by the trigger's NOTIFY, polling every 1000 ms is the fallback)`);
    const cli = median([await cliStartMs(stack.base), await cliStartMs(stack.base), await cliStartMs(stack.base)]);
    lines.push(`integrations.cli_mint_ms ${cli.toFixed(0)} (whole batch-enrich process, tsx start-up included, median of 3)`);
  } finally {
    await stack.close();
    receiver.close();
  }
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const line of await runIntegrationsBench()) console.log(line);
}
