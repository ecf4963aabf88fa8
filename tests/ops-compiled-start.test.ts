import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Redis } from 'ioredis';
import { dropDatabase } from '@bej/db';
import { buildOnce, runCompiledToCompletion, startCompiledService, type CompiledService } from './support/compiled-service.ts';
import { repoRoot } from './support/test-stack.ts';
import { deleteKeysWithPrefix } from '../packages/queue/src/test-support/redis-keys.ts';

// Each service started exactly as its container starts it (the Dockerfile's ENTRYPOINT with
// the service name, on the output of `npm run build`), then probed like the compose health checks.
const SERVICES = ['upload-api', 'mapper', 'enrich-worker', 'billing'] as const;
const IDLE_RSS_LIMIT_MB = 100;

const id = randomBytes(5).toString('hex');
const env = {
  DATABASE_URL: `postgresql://postgres@127.0.0.1:5432/bej_test_compiled_${id}`,
  REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  QUEUE_PREFIX: `bejtest-compiled-${id}`,
  PORT: '0',
  HEALTH_PORT: '0',
  LOG_LEVEL: 'info',
  ENRICH_DIRECTORY_PATH: `${repoRoot}examples/directory.jsonl`,
};
const running = new Map<string, CompiledService>();

before(() => {
  buildOnce();
});
after(async () => {
  for (const service of running.values()) await service.stop();
  await dropDatabase(env.DATABASE_URL);
  const redis = new Redis(env.REDIS_URL);
  await deleteKeysWithPrefix(redis, env.QUEUE_PREFIX);
  await redis.quit();
});

test('the image command `migrate` applies the migrations from the compiled output', () => {
  const result = runCompiledToCompletion('migrate', env);
  assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
  assert.match(result.stdout, /migrations applied to bej_test_compiled_/);
});

test('the build puts every file of src/ that is not TypeScript (web pages, data) beside the compiled code', () => {
  const missing: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) {
        if (name !== 'test-support') walk(path);
      } else if (!name.endsWith('.ts') && !existsSync(path.replace(/\/src\//, '/dist/'))) missing.push(path.slice(repoRoot.length));
    }
  };
  for (const group of ['packages', 'services']) for (const ws of readdirSync(join(repoRoot, group))) if (existsSync(join(repoRoot, group, ws, 'src'))) walk(join(repoRoot, group, ws, 'src'));
  assert.deepEqual(missing, [], 'run `npm run build`: scripts/build.mjs copies these');
});

test('an unknown service name is refused with the list of valid ones', () => {
  const result = runCompiledToCompletion('no-such-service', env);
  assert.equal(result.status, 64);
  assert.match(result.stderr, /upload-api\|mapper\|enrich-worker\|billing\|migrate/);
});

for (const name of SERVICES) {
  test(`${name}: plain node on the compiled output answers /healthz, /readyz and /metrics, idles under ${IDLE_RSS_LIMIT_MB} MB, stops on SIGTERM`, async (t) => {
    const service = await startCompiledService(name, env);
    running.set(name, service);
    const base = `http://127.0.0.1:${service.port}`;
    assert.equal((await fetch(`${base}/healthz`)).status, 200);
    const ready = await fetch(`${base}/readyz`);
    assert.equal(ready.status, 200, await ready.text());
    const metrics = await (await fetch(`${base}/metrics`)).text();
    assert.match(metrics, /^bej_process_resident_memory_bytes \d+/m);
    assert.match(metrics, /^bej_queue_jobs\{queue="batch-enrich-[a-z]+",state="waiting"\} \d+/m);
    assert.ok(service.lines.every((line) => line.startsWith('{')), `every log line is JSON:\n${service.lines.join('\n')}`);

    // Idle: the first seconds after start-up still hold start-up garbage; poll until it settles.
    let rss = service.rssMb();
    const deadline = Date.now() + 30_000;
    while (rss >= IDLE_RSS_LIMIT_MB && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      rss = service.rssMb();
    }
    t.diagnostic(`${name} idle RSS ${rss.toFixed(1)} MB`);
    assert.ok(rss < IDLE_RSS_LIMIT_MB, `${name} idles at ${rss.toFixed(1)} MB resident`);

    const code = await service.stop();
    running.delete(name);
    assert.equal(code, 0, `${name} exits cleanly on SIGTERM:\n${service.lines.slice(-5).join('\n')}`);
  });
}
