// Round trips per row: runs N rows through the in-process stack (directory provider, no latency)
// and counts PostgreSQL queries and Redis commands per row, by statement/command.
// `node --import tsx [--cpu-prof] scripts/profile-rows.ts [rows]`
import pg from 'pg';
import { Redis } from 'ioredis';
import { startTestStack } from '../tests/support/test-stack.ts';
import { leadFile } from './bench-pipeline.ts';

const rows = Number(process.argv[2] ?? 2000);
const pgCounts = new Map<string, number>();
const redisCounts = new Map<string, number>();
let counting = false;
const originalQuery = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  if (counting) {
    const first = args[0] as string | { text?: string };
    const text = (typeof first === 'string' ? first : (first?.text ?? '?')).replace(/\s+/g, ' ').trim().slice(0, 70);
    pgCounts.set(text, (pgCounts.get(text) ?? 0) + 1);
  }
  return (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
} as typeof pg.Client.prototype.query;
const originalSend = Redis.prototype.sendCommand;
Redis.prototype.sendCommand = function (this: Redis, command: { name: string }, ...rest: unknown[]) {
  if (counting) redisCounts.set(command.name, (redisCounts.get(command.name) ?? 0) + 1);
  return (originalSend as (...a: unknown[]) => unknown).apply(this, [command, ...rest]);
} as typeof Redis.prototype.sendCommand;

const stack = await startTestStack({ WORKER_CONCURRENCY: '20', ENRICH_SIMULATED_LATENCY_MS: '0', LOG_LEVEL: 'warn' }, { services: ['mapper', 'enrich-worker'] });
try {
  const agent = await stack.api.mintAgent();
  await stack.api.credit(agent.agent_id, 100_000);
  const up = await stack.api.upload(leadFile(rows), { bearer: agent.token });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  counting = true;
  await stack.api.request('POST', `/api/v1/batch/enrich/${up.body.id}/start`, { bearer: agent.token });
  await stack.api.waitForBatch(up.body.id, agent.token, (j) => j.status === 'completed', 600_000, 100);
  counting = false;
  const cpu = process.cpuUsage(cpu0);
  console.log(`${rows} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s; process CPU ${((cpu.user + cpu.system) / 1000 / rows).toFixed(2)} ms/row`);
  const show = (name: string, counts: Map<string, number>) => {
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    console.log(`${name}: ${(total / rows).toFixed(2)} per row`);
    for (const [k, v] of [...counts].sort((a, b) => b[1] - a[1]).slice(0, 14)) console.log(`  ${(v / rows).toFixed(2)}  ${k}`);
  };
  show('postgres queries', pgCounts);
  show('redis commands', redisCounts);
} finally {
  await stack.close();
}
