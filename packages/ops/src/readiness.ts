import type { Database } from '@bej/db';

export interface ReadinessDeps {
  /** Omitted for a service that never touches PostgreSQL (the mapper). */
  db?: Database;
  redis: { ping(): Promise<unknown> };
  timeoutMs?: number;
}

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, { ok: boolean; error?: string }>;
}

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

async function check(run: () => Promise<void>, ms: number, what: string): Promise<{ ok: boolean; error?: string }> {
  try {
    await withTimeout(run(), ms, what);
    return { ok: true };
  } catch (err) {
    // The driver's message (e.g. "connect ECONNREFUSED 127.0.0.1:5432"), never the connection string.
    return { ok: false, error: (err as Error).message };
  }
}

/** PostgreSQL answers, every shipped migration is applied, Redis answers. */
export async function checkReadiness(deps: ReadinessDeps): Promise<ReadinessReport> {
  const ms = deps.timeoutMs ?? 2_000;
  const checks: ReadinessReport['checks'] = {};
  const { db } = deps;
  const [postgres, redis] = await Promise.all([
    db ? check(async () => void (await db.execute('select 1')), ms, 'PostgreSQL') : null,
    check(async () => void (await deps.redis.ping()), ms, 'Redis'),
  ]);
  if (postgres && db) {
    checks.postgres = postgres;
    checks.migrations = postgres.ok
      ? await check(
          async () => {
            // Loaded on first use: the mapper, which has no database, never loads the db package.
            const { migrationsApplied } = await import('@bej/db');
            if (!(await migrationsApplied(db))) throw new Error('migrations pending: run `npm run db:migrate` (or the image with `migrate`)');
          },
          ms,
          'PostgreSQL',
        )
      : { ok: false, error: 'PostgreSQL unreachable' };
  }
  checks.redis = redis;
  return { ready: Object.values(checks).every((c) => c.ok), checks };
}
