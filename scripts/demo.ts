// `npm run demo`: the whole journey on the bundled sample, then a one-screen summary.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
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
  const agent = await call<{ agent_id: string; token: string }>(base, '/api/v1/agents', { method: 'POST', expect: 201 });
  const auth = { authorization: `Bearer ${agent.token}` };
  await call(base, `/api/v1/admin/agents/${agent.agent_id}/credit`, {
    method: 'POST',
    headers: { 'x-admin-token': adminToken, 'content-type': 'application/json' },
    body: JSON.stringify({ amount_usd: 20 }),
    expect: 200,
  });
  const form = new FormData();
  form.append('file', new Blob([await readFile(`${root}examples/leads.csv`)], { type: 'text/csv' }), 'leads.csv');
  const job = await call<{ id: string; row_count: number; mapping: { source: string } }>(base, '/api/v1/batch/enrich/upload', {
    method: 'POST',
    headers: auth,
    body: form,
    expect: 201,
  });
  console.log(`uploaded examples/leads.csv: job ${job.id}, ${job.row_count} rows to enrich (mapping: ${job.mapping.source})`);
  console.log(`provider: ${provider.label}`);
  const live = await watchOneHunt(base, job.id, agent.token);
  await call(base, `/api/v1/batch/enrich/${job.id}/start`, { method: 'POST', headers: auth, expect: 202 });
  const huntStarted = performance.now();
  type Job = { status: string; counts: Record<string, number>; spent_usd: number; stored_row_count: number };
  let current: Job;
  let lastLine = '';
  for (;;) {
    current = await call<Job>(base, `/api/v1/batch/enrich/${job.id}`, { headers: auth, expect: 200 });
    const c = current.counts;
    const line = `${current.status.padEnd(9)} done ${c.done}/${job.row_count}  matched ${c.matched}  empty ${c.empty}  failed ${c.failed}`;
    // A terminal gets one updating line; a log gets a line per change.
    if (process.stdout.isTTY) process.stdout.write(`\r${line}  `);
    else if (line !== lastLine) process.stdout.write(`${line}\n`);
    lastLine = line;
    if (current.status !== 'running') break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const huntSeconds = (performance.now() - huntStarted) / 1000;
  if (process.stdout.isTTY) process.stdout.write('\n');
  await live.print();
  const csv = await call<string>(base, `/api/v1/batch/enrich/${job.id}/download.csv`, { headers: auth, expect: 200 });
  await mkdir(`${root}out`, { recursive: true });
  await writeFile(`${root}${outFile}`, csv);
  const preview = await call<{ found: { people: number; phones: number; emails: number }; spent_usd: number }>(
    base,
    `/api/v1/batch/enrich/${job.id}/preview`,
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
      `  speed      ${((c.done ?? 0) / Math.max(huntSeconds, 0.001)).toFixed(0)} rows/s; whole demo ${((performance.now() - started) / 1000).toFixed(1)} s`,
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
