// Idle resident memory of each service started the way its container starts it (compiled
// output, plain node, the Dockerfile's ENTRYPOINT), after start-up and a quiet pause.
import { randomBytes } from 'node:crypto';
import { dropDatabase, migrateDatabase } from '@bej/db';
import { buildOnce, startCompiledService, type CompiledService } from '../tests/support/compiled-service.ts';
import { repoRoot } from '../tests/support/test-stack.ts';

const SERVICES = ['upload-api', 'mapper', 'enrich-worker', 'billing'] as const;
const IDLE_MS = 15_000;

export async function runMemoryBench(): Promise<string[]> {
  buildOnce();
  const id = randomBytes(4).toString('hex');
  const env = {
    DATABASE_URL: `postgresql://postgres@127.0.0.1:5432/bej_bench_mem_${id}`,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: `bejbench-mem-${id}`,
    PORT: '0',
    HEALTH_PORT: '0',
    // Set, so the measured upload-api carries Bull Board as production does.
    ADMIN_TOKEN: 'compiled-start-admin-token',
    LOG_LEVEL: 'warn',
    ENRICH_DIRECTORY_PATH: `${repoRoot}examples/directory.jsonl`,
  };
  await migrateDatabase(env.DATABASE_URL);
  const running: Array<[string, CompiledService]> = [];
  try {
    for (const service of SERVICES) running.push([service, await startCompiledService(service, { ...env, LOG_LEVEL: 'info' })]);
    for (const [, service] of running) await fetch(`http://127.0.0.1:${service.port}/readyz`);
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
    return running.map(([name, service]) => {
      const split = service.rssSplitMb();
      return `memory: ${name.padEnd(13)} idle RSS ${service.rssMb().toFixed(1)} MB = ${split.anon.toFixed(1)} MB own + ${split.file.toFixed(1)} MB file pages (target < 100 MB; compiled, the Dockerfile's node flags, ${IDLE_MS / 1000} s after ready)`;
    });
  } finally {
    for (const [, service] of running) await service.stop();
    await dropDatabase(env.DATABASE_URL);
  }
}
