import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { readCsv } from './support/read-csv.ts';
import { repoRoot, startTestStack, type TestStack } from './support/test-stack.ts';

// The bin npm links for the workspace package: what `npx batch-enrich` runs after `npm ci`.
const BIN = join(repoRoot, 'node_modules/.bin/batch-enrich');

let stack: TestStack;
let dir: string;
before(async () => {
  stack = await startTestStack({ WORKER_CONCURRENCY: '4' });
  dir = await mkdtemp(join(tmpdir(), 'bej-cli-'));
});
after(async () => {
  await stack?.close();
  await rm(dir, { recursive: true, force: true });
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The CLI as a subprocess (never spawnSync: the API under test runs in this process). */
function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(BIN, args, { env: { ...process.env, BATCH_ENRICH_URL: stack.base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

test('mint, upload --start, watch to completion, status, download: the whole batch from a shell', async () => {
  const minted = await cli(['mint', '--json']);
  assert.equal(minted.code, 0, minted.stderr);
  const agent = JSON.parse(minted.stdout) as { agent_id: string; token: string };
  await stack.api.credit(agent.agent_id, 20);
  const env = { BATCH_ENRICH_TOKEN: agent.token };

  const uploaded = await cli(['upload', join(repoRoot, 'examples/leads.csv'), '--start', '-q'], env);
  assert.equal(uploaded.code, 0, uploaded.stderr);
  const id = uploaded.stdout.trim();
  assert.match(id, /^[0-9a-f-]{36}$/);

  const watched = await cli(['watch', id, '--interval', '100'], env);
  assert.equal(watched.code, 0, watched.stderr);
  assert.match(watched.stdout, /^completed: 38 rows \(matched 29, empty 9, failed 0\), spent 7\.25 USD$/m);
  // Not a terminal: plain progress lines (no carriage returns), each with the figures.
  assert.doesNotMatch(watched.stderr, /\r/);
  const lines = watched.stderr.split('\n').filter((l) => l.startsWith('['));
  assert.ok(lines.length >= 1, watched.stderr);
  assert.match(lines.at(-1)!, /100%\s+38\/38 rows\s+.*rows\/s\s+ETA .*matched 29\s+spent 7\.25 USD\s+completed/);

  const status = await cli(['status', id, '--json'], env);
  assert.equal(status.code, 0);
  assert.equal(JSON.parse(status.stdout).status, 'completed');

  const file = join(dir, 'leads.enriched.csv');
  const downloaded = await cli(['download', id, '-o', file], env);
  assert.equal(downloaded.code, 0, downloaded.stderr);
  const [header, ...rows] = readCsv(await readFile(file, 'utf8'));
  assert.deepEqual(header!.slice(0, 4), ['row_index', 'enrich_status', 'enrich_matched', 'enrich_spent_usd']);
  assert.ok(header!.includes('file.Company'));
  assert.equal(rows.length, 40);
  const empty = await cli(['rows', id, '--status', 'empty'], env);
  assert.equal(empty.code, 0, empty.stderr);
  const emptyLines = empty.stdout.trimEnd().split('\n');
  assert.equal(emptyLines.length, 9);
  assert.ok(emptyLines.every((l) => /^\d+\tdone\tempty\t0\.00\t/.test(l)), empty.stdout);
  const piped = await cli(['download', id, '--no-file-columns'], env);
  assert.ok(!readCsv(piped.stdout)[0]!.some((h) => h.startsWith('file.')));
});

test('failures print the API message and exit non-zero', async () => {
  const agent = await stack.api.mintAgent();
  const env = { BATCH_ENRICH_TOKEN: agent.token };
  const csv = join(dir, 'one.csv');
  await writeFile(csv, 'Firm,Postcode\nHaney Furniture Co,15213\nNobody Ltd,16501\n');
  const mapping = join(dir, 'mapping.json');
  await writeFile(mapping, JSON.stringify({ columns: { company: 'Firm', zip: 'Postcode' } }));
  const uploaded = await cli(['upload', csv, '--mapping', mapping, '--row-limit', '1', '--json'], env);
  assert.equal(uploaded.code, 0, uploaded.stderr);
  const job = JSON.parse(uploaded.stdout);
  assert.equal(job.mapping.source, 'user', '--mapping is sent as the upload\'s mapping field');
  assert.deepEqual(job.mapping.columns, { company: 'Firm', zip: 'Postcode' });
  assert.equal(job.process_limit, 1);
  const id = job.id as string;

  const broke = await cli(['start', id], env);
  assert.equal(broke.code, 1);
  const uploadedOnly = await cli(['upload', csv, '--start', '-q'], env);
  assert.equal(uploadedOnly.code, 1);
  assert.match(uploadedOnly.stderr, /job [0-9a-f-]{36} was uploaded but did not start: The balance is 0 USD/);
  assert.match(broke.stderr, /The balance is 0 USD; at least 10 USD is needed to start\. Top up and try again\. \[insufficient_balance, HTTP 402\]/);

  const missing = await cli(['status', '00000000-0000-4000-8000-000000000000'], env);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /No job with this id is visible to you.*\[not_found, HTTP 404\]/);

  const noToken = await cli(['status', id], { BATCH_ENRICH_TOKEN: '' });
  assert.equal(noToken.code, 2);
  assert.match(noToken.stderr, /BATCH_ENRICH_TOKEN/);

  const usage = await cli(['upload', csv, '--row-limit', 'many'], env);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /--row-limit must be a positive integer/);
  const unreachable = await cli(['status', id], { ...env, BATCH_ENRICH_URL: 'http://127.0.0.1:9' });
  assert.equal(unreachable.code, 1);
  assert.match(unreachable.stderr, /cannot reach http:\/\/127\.0\.0\.1:9/);
});

test('send: JSON Lines rows as a headless batch, idempotent with --idempotency-key', async () => {
  const agent = await stack.api.mintAgent();
  await stack.api.credit(agent.agent_id, 20);
  const env = { BATCH_ENRICH_TOKEN: agent.token };
  const file = join(dir, 'rows.jsonl');
  await writeFile(file, '{"company":"Haney Furniture Co","zip":"15213"}\n{"company":"Nobody Ltd","city":"Erie","state":"PA"}\n');
  const args = ['send', file, '--start', '--idempotency-key', 'cli-run-1', '--json'];
  const first = await cli(args, env);
  assert.equal(first.code, 0, first.stderr);
  const job = JSON.parse(first.stdout);
  assert.equal(job.mapping.source, 'headless');
  assert.equal(job.row_count, 2);
  assert.equal(job.status, 'running');
  const again = await cli(args, env);
  assert.equal(JSON.parse(again.stdout).id, job.id, 'the same key returns the first job');
  const broken = join(dir, 'broken.jsonl');
  await writeFile(broken, '{"company":"A"}\n{oops\n');
  const bad = await cli(['send', broken], env);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /not JSON, a JSON array of rows, or JSON Lines/);
});
