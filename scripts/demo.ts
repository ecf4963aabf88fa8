// `npm run demo`: the whole journey on the bundled sample, then a one-screen summary.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { baseEnvSchema, parseEnv } from '@bej/config';
import { migrateDatabase } from '@bej/db';
import { startStack, waitForApi } from './stack.ts';
import { demoProvider, watchOneHunt } from './demo-hunt.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const outFile = 'out/leads.enriched.csv';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

const cliBin = `${root}packages/cli/bin/batch-enrich.mjs`;

/** Runs the batch-enrich CLI; resolves with its stdout ('pipe') or after it printed to this terminal ('inherit'). */
function batchEnrich(args: string[], url: string, token: string | undefined, stdout: 'pipe' | 'inherit'): Promise<string> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, BATCH_ENRICH_URL: url, ...(token ? { BATCH_ENRICH_TOKEN: token } : {}) };
    const child = spawn(process.execPath, [cliBin, ...args], { env, stdio: ['ignore', stdout, 'inherit'] });
    let out = '';
    child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`batch-enrich ${args[0]} exited with ${code}`))));
  });
}

async function call<T>(base: string, path: string, init: RequestInit & { expect: number }): Promise<T> {
  const res = await fetch(`${base}${path}`, init);
  const text = await res.text();
  if (res.status !== init.expect) throw new Error(`${init.method ?? 'GET'} ${path} answered ${res.status}: ${text}`);
  return (res.headers.get('content-type') ?? '').includes('json') ? (JSON.parse(text) as T) : (text as T);
}

const env = parseEnv(baseEnvSchema);
const port = Number(process.env.DEMO_PORT ?? (await freePort()));
const adminToken = process.env.ADMIN_TOKEN ?? randomBytes(16).toString('hex');
const provider = await demoProvider(process.env.DEMO_PROVIDER);
const demoEnv = {
  ...process.env,
  ...provider.env,
  PORT: String(port),
  ADMIN_TOKEN: adminToken,
  // Its own queue namespace, so a demo never takes jobs of a stack already running here.
  QUEUE_PREFIX: process.env.QUEUE_PREFIX ?? 'bej-demo',
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  // The demo mints one agent per run under a fixed prefix; repeated local runs must not hit the production limit.
  RATE_LIMIT_AGENT_MINT: process.env.RATE_LIMIT_AGENT_MINT ?? 'off',
};
await migrateDatabase(env.DATABASE_URL);
const stack = startStack(demoEnv);
const base = `http://127.0.0.1:${port}`;
const started = performance.now();
try {
  await waitForApi(base);
  // The journey goes through the CLI, exactly as a user would type it.
  const minted = await batchEnrich(['mint', '--json'], base, undefined, 'pipe');
  const agent = JSON.parse(minted) as { agent_id: string; token: string };
  const auth = { authorization: `Bearer ${agent.token}` };
  await call(base, `/api/v1/admin/agents/${agent.agent_id}/credit`, {
    method: 'POST',
    headers: { 'x-admin-token': adminToken, 'content-type': 'application/json' },
    body: JSON.stringify({ amount_usd: 20 }),
    expect: 200,
  });
  console.log('$ batch-enrich upload examples/leads.csv');
  const jobId = (await batchEnrich(['upload', `${root}examples/leads.csv`, '--quiet'], base, agent.token, 'pipe')).trim();
  console.log(`job ${jobId}; provider: ${provider.label}`);
  const live = await watchOneHunt(base, jobId, agent.token);
  console.log(`$ batch-enrich watch ${jobId} & batch-enrich start ${jobId}`);
  const huntStarted = performance.now();
  // The watch is already following the event stream when the start lands, so it shows the run live.
  const watching = batchEnrich(['watch', jobId], base, agent.token, 'inherit');
  await batchEnrich(['start', jobId, '--quiet'], base, agent.token, 'pipe');
  await watching;
  const huntSeconds = (performance.now() - huntStarted) / 1000;
  await live.print();
  console.log(`$ batch-enrich download ${jobId} -o ${outFile}`);
  await mkdir(`${root}out`, { recursive: true });
  await batchEnrich(['download', jobId, '-o', `${root}${outFile}`], base, agent.token, 'inherit');
  type Job = { status: string; counts: Record<string, number>; spent_usd: number; stored_row_count: number };
  const current = await call<Job>(base, `/api/v1/batch/enrich/${jobId}`, { headers: auth, expect: 200 });
  const preview = await call<{ found: { people: number; phones: number; emails: number }; spent_usd: number }>(
    base,
    `/api/v1/batch/enrich/${jobId}/preview`,
    { headers: auth, expect: 200 },
  );
  const me = await call<{ balance_usd: number }>(base, '/api/v1/agents/me', { headers: auth, expect: 200 });
  const c = current.counts;
  console.log(
    [
      '',
      `Enriched file: ${outFile}`,
      `  status     ${current.status}`,
      `  rows       ${current.stored_row_count} in the file: ${c.done} hunted, ${c.invalid} invalid, ${c.skipped} skipped, ${c.failed} failed`,
      `  matched    ${c.matched}   empty ${c.empty}`,
      `  people     ${preview.found.people}`,
      `  phones     ${preview.found.phones}`,
      `  emails     ${preview.found.emails}`,
      `  spent      ${preview.spent_usd.toFixed(2)} USD (balance left ${me.balance_usd.toFixed(2)} USD)`,
      `  time       ${c.done} rows hunted and watched in ${huntSeconds.toFixed(1)} s (CLI start-up included); whole demo ${((performance.now() - started) / 1000).toFixed(1)} s`,
    ].join('\n'),
  );
  if (current.status !== 'completed') process.exitCode = 1;
} catch (err) {
  console.error(`demo failed: ${(err as Error).message}`);
  process.exitCode = 1;
} finally {
  await stack.stop();
  await provider.close();
}
