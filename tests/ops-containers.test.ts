import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parse } from 'yaml';
import { variablesOf } from './support/env-schemas.ts';
import { dockerEntrypoint } from './support/compiled-service.ts';
import { repoRoot } from './support/test-stack.ts';

type ComposeService = {
  build?: string;
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test: string[] };
  deploy?: { replicas?: number };
  depends_on?: Record<string, { condition: string }>;
};
const compose = parse(readFileSync(`${repoRoot}docker-compose.yml`, 'utf8'), { merge: true }) as { services: Record<string, ComposeService> };
const APP_SERVICES = ['upload-api', 'mapper', 'enrich-worker', 'billing'] as const;
/** What each service cannot run without in a container (the defaults point at 127.0.0.1). */
const NEEDS: Record<(typeof APP_SERVICES)[number], string[]> = {
  'upload-api': ['DATABASE_URL', 'REDIS_URL', 'QUEUE_PREFIX', 'PORT', 'ADMIN_TOKEN', 'OPENROUTER_API_KEY'],
  mapper: ['REDIS_URL', 'QUEUE_PREFIX', 'HEALTH_PORT', 'OPENROUTER_API_KEY', 'BATCH_ENRICH_LLM_MAP_MODEL'],
  'enrich-worker': ['DATABASE_URL', 'REDIS_URL', 'QUEUE_PREFIX', 'HEALTH_PORT', 'ENRICH_PROVIDER', 'ENRICH_DIRECTORY_PATH', 'WORKER_CONCURRENCY'],
  billing: ['DATABASE_URL', 'REDIS_URL', 'QUEUE_PREFIX', 'HEALTH_PORT'],
};

test('docker-compose.yml: postgres, redis (noeviction, AOF), migrate and the four services from one image', () => {
  const { services } = compose;
  for (const name of ['postgres', 'redis', 'migrate', ...APP_SERVICES]) assert.ok(services[name], `compose has no ${name} service`);
  const redis = services.redis!.command!.join(' ');
  assert.match(redis, /--maxmemory-policy noeviction/);
  assert.match(redis, /--appendonly yes/);
  assert.ok(services.postgres!.healthcheck && services.redis!.healthcheck, 'postgres and redis have health checks');
  assert.deepEqual(services.migrate!.command, ['migrate']);
  assert.equal(services['enrich-worker']!.deploy?.replicas, 2);
  const images = new Set([services.migrate!, ...APP_SERVICES.map((name) => services[name]!)].map((s) => `${s.build}|${s.image}`));
  assert.equal(images.size, 1, 'one image for every service');
});

test('docker-compose.yml: each service gets the env it needs, only variables its schema knows, a health check on its port', () => {
  const problems: string[] = [];
  const prefixes = new Set<string>();
  for (const name of APP_SERVICES) {
    const service = compose.services[name]!;
    const env = service.environment ?? {};
    assert.deepEqual(service.command, [name], `${name} runs the image with its own name`);
    assert.equal(service.depends_on?.migrate?.condition, 'service_completed_successfully', `${name} waits for the migrations`);
    const known = variablesOf(name);
    for (const key of Object.keys(env)) if (!known.has(key)) problems.push(`${name}: ${key} is not a variable of services/${name}/src/env.ts`);
    for (const key of NEEDS[name]) if (!(key in env)) problems.push(`${name}: ${key} missing from its environment`);
    if (env.DATABASE_URL) assert.equal(new URL(env.DATABASE_URL).hostname, 'postgres', `${name} reaches the postgres service`);
    assert.equal(new URL(env.REDIS_URL!).hostname, 'redis', `${name} reaches the redis service`);
    prefixes.add(env.QUEUE_PREFIX!);
    const port = name === 'upload-api' ? env.PORT : env.HEALTH_PORT;
    assert.deepEqual(service.healthcheck?.test, ['CMD', 'node', 'bin/healthcheck.mjs', port, '/readyz'], `${name} is probed on its own port`);
  }
  assert.deepEqual(problems, []);
  assert.equal(prefixes.size, 1, 'every service shares one QUEUE_PREFIX, or they never see each other’s jobs');
  const directory = compose.services['enrich-worker']!.environment!.ENRICH_DIRECTORY_PATH!;
  assert.ok(directory.startsWith('/app/') && existsSync(`${repoRoot}${directory.slice('/app/'.length)}`), 'the directory file is in the image');
});

test('Dockerfile: multi-stage, production dependencies only, non-root, plain node on the compiled output', () => {
  const dockerfile = readFileSync(`${repoRoot}Dockerfile`, 'utf8');
  const stages = dockerfile.split(/^FROM /m).slice(1);
  assert.ok(stages.length >= 2, 'a build stage and a runtime stage');
  assert.match(stages[0]!, /RUN npm ci[^\n]*&& npm run build/);
  const runtime = stages.at(-1)!;
  assert.match(runtime, /^RUN npm ci --omit=dev/m);
  assert.doesNotMatch(runtime, /npm run build|typescript/);
  const user = /^USER (\S+)/m.exec(runtime)?.[1];
  assert.ok(user && user !== 'root' && user !== '0', 'runs as a non-root user');
  assert.ok(runtime.indexOf('USER ') > runtime.indexOf('npm ci --omit=dev'), 'switches user after installing');
  for (const copied of runtime.matchAll(/^COPY --from=build \/app\/(\S+)/gm)) {
    const path = copied[1]!;
    assert.ok(existsSync(`${repoRoot}${path}`), `the runtime stage copies ${path}, which must exist`);
  }
  const entrypoint = dockerEntrypoint();
  assert.equal(entrypoint[0], 'node');
  assert.ok(entrypoint.includes('--conditions=bej-compiled') && entrypoint.at(-1) === 'bin/service.mjs');
  assert.ok(!entrypoint.some((arg) => /tsx|npm/.test(arg)), 'no tsx loader, no npm wrapper');
  const ignored = readFileSync(`${repoRoot}.dockerignore`, 'utf8').split('\n');
  for (const entry of ['node_modules', '**/node_modules', '**/dist', '.git']) assert.ok(ignored.includes(entry), `.dockerignore lists ${entry}`);
});
