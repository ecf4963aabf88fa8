import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { repoRoot } from './support/test-stack.ts';

/** A port nothing listens on (taken from the OS, then released). */
async function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function run(script: 'demo' | 'start' | 'test', env: Record<string, string>) {
  const result = spawnSync('npm', ['run', '--silent', script], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  const output = `${result.stdout}${result.stderr}`.trim();
  return { status: result.status, output, lines: output.split('\n') };
}

for (const script of ['demo', 'start', 'test'] as const) {
  test(`npm ${script === 'test' ? 'test' : `run ${script}`} without PostgreSQL and Redis: one line naming both and how to start them`, async () => {
    const [pg, redis] = [await closedPort(), await closedPort()];
    const { status, output, lines } = run(script, {
      DATABASE_URL: `postgresql://postgres@127.0.0.1:${pg}/batch_enrich`,
      REDIS_URL: `redis://127.0.0.1:${redis}`,
    });
    assert.equal(status, 1, output);
    assert.equal(lines.length, 1, `exactly one line, got:\n${output}`);
    assert.match(output, new RegExp(`PostgreSQL at 127\\.0\\.0\\.1:${pg} and Redis at 127\\.0\\.0\\.1:${redis} are not reachable`));
    assert.match(output, /`docker compose up -d postgres redis`/);
    assert.match(output, /apt-get install postgresql redis-server/);
    assert.doesNotMatch(output, /\n\s+at |Error:/);
  });
}

test('only Redis missing: the line names Redis alone', async () => {
  const port = await closedPort();
  const { status, output, lines } = run('demo', { REDIS_URL: `redis://127.0.0.1:${port}` });
  assert.equal(status, 1, output);
  assert.equal(lines.length, 1, output);
  assert.match(output, new RegExp(`^Redis at 127\\.0\\.0\\.1:${port} is not reachable: start it with \`docker compose up -d redis\``));
});

test('PostgreSQL answering but refusing the role: one line too, no stack trace', () => {
  const { status, output, lines } = run('demo', { DATABASE_URL: 'postgresql://no_such_role_i13@127.0.0.1:5432/batch_enrich' });
  assert.equal(status, 1, output);
  assert.equal(lines.length, 1, output);
  assert.match(output, /^PostgreSQL at 127\.0\.0\.1:5432 answered but the database could not be prepared: .*no_such_role_i13/);
});
