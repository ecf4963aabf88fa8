// Storage per row, for capacity planning (docs/scaling.md): PostgreSQL bytes per stored row of a
// 10,000-row upload, Redis bytes per queued row job, and how fast a start queues them.
import { sql } from 'drizzle-orm';
import { startTestStack } from '../tests/support/test-stack.ts';
import { leadFile } from './bench-pipeline.ts';

const ROWS = 10_000;

async function redisBytes(redis: import('ioredis').Redis, prefix: string): Promise<{ keys: number; bytes: number }> {
  let cursor = '0';
  let keys = 0;
  let bytes = 0;
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    for (const key of batch) {
      keys += 1;
      bytes += Number((await redis.call('MEMORY', 'USAGE', key, 'SAMPLES', '0')) ?? 0);
    }
  } while (cursor !== '0');
  return { keys, bytes };
}

export async function runStorageBench(): Promise<string[]> {
  // No workers: the queued jobs stay in Redis to be measured.
  const stack = await startTestStack({ LOG_LEVEL: 'error' }, { services: [] });
  try {
    const agent = await stack.api.mintAgent();
    await stack.api.credit(agent.agent_id, 100_000);
    const file = leadFile(ROWS);
    const uploaded = await stack.api.upload(file, { bearer: agent.token });
    if (uploaded.status !== 201) throw new Error(`upload failed: ${uploaded.status}`);
    await stack.database.db.execute(sql`vacuum analyze batch_enrich_row`);
    const size = await stack.database.db.execute<{ heap: string; total: string }>(
      sql`select pg_table_size('batch_enrich_row')::text as heap, pg_total_relation_size('batch_enrich_row')::text as total`,
    );
    const { heap, total } = size.rows[0]!;
    const columns = await stack.database.db.execute<{ cells: string; input: string; variants: string; result: string; row: string }>(sql`
      select avg(pg_column_size(cells))::int::text as cells, avg(pg_column_size(input))::int::text as input,
        avg(pg_column_size(search_variants))::int::text as variants, avg(pg_column_size(result))::int::text as result,
        avg(pg_column_size(r.*))::int::text as row
      from batch_enrich_row r`);
    const c = columns.rows[0]!;
    const before = await redisBytes(stack.redis, stack.prefix);
    const t0 = performance.now();
    const started = await stack.api.request('POST', `/api/v1/batch/enrich/${uploaded.body.id}/start`, { bearer: agent.token });
    const startMs = performance.now() - t0;
    if (started.status !== 202) throw new Error(`start failed: ${started.status}`);
    const after = await redisBytes(stack.redis, stack.prefix);
    const perJob = (after.bytes - before.bytes) / ROWS;
    return [
      `storage: PostgreSQL ${(Number(total) / ROWS).toFixed(0)} bytes per stored row (table ${(Number(heap) / 1048576).toFixed(1)} MB + indexes/TOAST = ${(Number(total) / 1048576).toFixed(1)} MB for ${ROWS} rows of ${(file.length / 1048576).toFixed(1)} MB CSV, before enrichment)`,
      `storage: average row ${c.row} bytes: raw cells ${c.cells}, canonical input ${c.input}, search variants ${c.variants}, result ${c.result} (before enrichment)`,
      `storage: Redis ${perJob.toFixed(0)} bytes per queued row job (${after.keys - before.keys} keys for ${ROWS} rows; ${((perJob * 1_000_000) / 1073741824).toFixed(2)} GB per million queued rows)`,
      `storage: start of a ${ROWS}-row job (claim + addBulk of every row) ${startMs.toFixed(0)} ms (${(ROWS / (startMs / 1000)).toFixed(0)} rows queued/s)`,
    ];
  } finally {
    await stack.close();
  }
}
