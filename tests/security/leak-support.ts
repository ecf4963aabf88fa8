import { Writable } from 'node:stream';
import winston from 'winston';
import { createLogger, type Logger } from '@bej/logger';
import type { TestStack } from '../support/test-stack.ts';
import { scanKeys } from '../support/in-process-app.ts';

/** Loggers in the production format whose output (every service, every level) is kept in memory. */
export function capturedLogs(): { factory: (service: string, level: string) => Logger; text(): string; lines(): string[] } {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return {
    factory: (service, level) => createLogger(service, level, [new winston.transports.Stream({ stream: sink })]),
    text: () => chunks.join(''),
    lines: () => chunks.join('').split('\n').filter(Boolean),
  };
}

/**
 * Every key under `<prefix>:` with its whole value, whatever its type (string, hash, list, set,
 * zset, stream), as one text per key: what Bull Board or anyone with Redis access could read.
 */
export async function dumpRedis(stack: TestStack): Promise<Map<string, string>> {
  const dump = new Map<string, string>();
  for (const key of await scanKeys(stack, `${stack.prefix}:*`)) {
    const type = await stack.redis.type(key);
    let value: unknown;
    switch (type) {
      case 'string':
        value = await stack.redis.getBuffer(key).then((b) => b?.toString('latin1'));
        break;
      case 'hash':
        value = await stack.redis.hgetallBuffer(key).then((h) => Object.entries(h).map(([k, v]) => `${k}=${v.toString('latin1')}`));
        break;
      case 'list':
        value = await stack.redis.lrange(key, 0, -1);
        break;
      case 'set':
        value = await stack.redis.smembers(key);
        break;
      case 'zset':
        value = await stack.redis.zrange(key, 0, -1, 'WITHSCORES');
        break;
      case 'stream':
        value = await stack.redis.xrange(key, '-', '+');
        break;
      case 'none':
        continue; // expired between SCAN and TYPE
      default:
        throw new Error(`key ${key} has a type this dump does not read: ${type}`);
    }
    dump.set(key, `${key} ${JSON.stringify(value)}`);
  }
  return dump;
}

/** Every row of every table of the stack's database, as text. */
export async function dumpDatabase(stack: TestStack): Promise<Map<string, string>> {
  const tables = await stack.database.pool.query<{ table_name: string }>(
    "select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'",
  );
  const dump = new Map<string, string>();
  for (const { table_name } of tables.rows) {
    const rows = await stack.database.pool.query<{ row: string }>(`select t::text as row from "${table_name}" t`);
    dump.set(table_name, rows.rows.map((r) => r.row).join('\n'));
  }
  return dump;
}

/** Which needles occur where: `[needle label, place]` pairs, empty when nothing leaked. */
export function findLeaks(needles: Record<string, string>, places: Map<string, string>): Array<[string, string]> {
  const found: Array<[string, string]> = [];
  for (const [label, needle] of Object.entries(needles)) {
    const variants = new Set([needle, needle.toLowerCase(), JSON.stringify(needle).slice(1, -1)]);
    for (const [place, text] of places) {
      const haystack = text.toLowerCase();
      if ([...variants].some((v) => haystack.includes(v.toLowerCase()))) found.push([label, place]);
    }
  }
  return found;
}
