import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Express } from 'express';
import { Redis } from 'ioredis';
import { createDb, dropDatabase, migrateDatabase, type DbHandle } from '@bej/db';
import { createLogger, type Logger } from '@bej/logger';
import { loadBillingEnv } from '../../services/billing/src/env.ts';
import { startBilling } from '../../services/billing/src/billing.service.ts';
import { loadEnrichWorkerEnv } from '../../services/enrich-worker/src/env.ts';
import { startEnrichWorker } from '../../services/enrich-worker/src/enrich-worker.service.ts';
import type { EnrichProvider } from '../../services/enrich-worker/src/providers/provider.ts';
import { loadMapperEnv } from '../../services/mapper/src/env.ts';
import { startMapper } from '../../services/mapper/src/mapper.service.ts';
import { loadUploadApiEnv } from '../../services/upload-api/src/env.ts';
import { startUploadApi } from '../../services/upload-api/src/upload-api.service.ts';
import { deleteKeysWithPrefix } from '../../packages/queue/src/test-support/redis-keys.ts';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const ADMIN_TOKEN = 'test-admin-token';

export interface TestStack {
  base: string;
  env: Record<string, string>;
  database: DbHandle;
  redis: Redis;
  prefix: string;
  api: ApiClient;
  /** The upload-api's express app as the service built it (routes can be read from it). */
  app: Express;
  close(): Promise<void>;
}

type Step = { name: string; run: () => Promise<unknown> };

/**
 * The four services in this process against the real PostgreSQL and Redis: a database
 * and a queue prefix of its own, removed on close. `services` picks which to run.
 */
export async function startTestStack(
  overrides: Record<string, string> = {},
  opts: {
    services?: Array<'mapper' | 'enrich-worker' | 'billing'>;
    provider?: EnrichProvider;
    /** Each service's logger (default: JSON to stdout at LOG_LEVEL); tests that read the logs pass their own. */
    logger?: (service: string, level: string) => Logger;
  } = {},
): Promise<TestStack> {
  const services = opts.services ?? ['mapper', 'enrich-worker', 'billing'];
  const id = randomBytes(5).toString('hex');
  const prefix = `bejtest-${id}`;
  const env: Record<string, string> = {
    DATABASE_URL: `postgresql://postgres@127.0.0.1:5432/bej_test_${id}`,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: prefix,
    PORT: '0',
    ADMIN_TOKEN,
    BATCH_ENRICH_LLM_MAP_ENABLED: '0',
    ENRICH_DIRECTORY_PATH: `${repoRoot}examples/directory.jsonl`,
    LOG_LEVEL: 'error',
    // Every test file mints and uploads from 127.0.0.1 on one shared Redis: production limits
    // would trip them. The limits stay on (so the code path runs); rate-limit tests set them low.
    RATE_LIMIT_AGENT_MINT: '1000000/1h',
    RATE_LIMIT_UPLOAD: '1000000/1h',
    RATE_LIMIT_AUTH_FAILURES: '1000000/1h',
    ...overrides,
  };
  await migrateDatabase(env.DATABASE_URL!);
  const logger = (name: string) => (opts.logger ? opts.logger(name, env.LOG_LEVEL!) : createLogger(name, env.LOG_LEVEL));
  const steps: Step[][] = [];
  const api = await startUploadApi(loadUploadApiEnv(env), logger('upload-api'));
  steps.push(api.steps);
  if (services.includes('mapper')) steps.push((await startMapper(loadMapperEnv(env), logger('mapper'))).steps);
  if (services.includes('enrich-worker')) steps.push((await startEnrichWorker(loadEnrichWorkerEnv(env), logger('enrich-worker'), opts.provider)).steps);
  if (services.includes('billing')) steps.push((await startBilling(loadBillingEnv(env), logger('billing'))).steps);
  const database = createDb(env.DATABASE_URL!);
  const redis = new Redis(env.REDIS_URL!);
  const base = `http://127.0.0.1:${api.port}`;
  return {
    base,
    app: api.app,
    env,
    database,
    redis,
    prefix,
    api: new ApiClient(base),
    async close() {
      for (const serviceSteps of steps) for (const step of serviceSteps) await step.run();
      await database.close();
      await deleteKeysWithPrefix(redis, prefix);
      await redis.quit();
      await dropDatabase(env.DATABASE_URL!);
    },
  };
}

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  text: string;
  headers: Headers;
}

export class ApiClient {
  constructor(readonly base: string) {}

  async request<T = any>(
    method: string,
    path: string,
    opts: { bearer?: string; batch?: string; json?: unknown; form?: FormData; headers?: Record<string, string> } = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (opts.bearer) headers.authorization = `Bearer ${opts.bearer}`;
    if (opts.batch) headers.authorization = `Batch ${opts.batch}`;
    let body: BodyInit | undefined;
    if (opts.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(opts.json);
    } else if (opts.form) body = opts.form;
    const res = await fetch(`${this.base}${path}`, { method, headers, body });
    const text = await res.text();
    const isJson = (res.headers.get('content-type') ?? '').includes('json');
    return { status: res.status, body: (isJson ? JSON.parse(text) : text) as T, text, headers: res.headers };
  }

  async mintAgent(): Promise<{ agent_id: string; token: string }> {
    const res = await this.request('POST', '/api/v1/agents');
    if (res.status !== 201) throw new Error(`mint failed: ${res.status} ${res.text}`);
    return res.body;
  }

  async credit(agentId: string, amountUsd: number): Promise<number> {
    const res = await this.request('POST', `/api/v1/admin/agents/${agentId}/credit`, {
      json: { amount_usd: amountUsd },
      headers: { 'x-admin-token': ADMIN_TOKEN },
    });
    if (res.status !== 200) throw new Error(`credit failed: ${res.status} ${res.text}`);
    return res.body.balance_usd;
  }

  async upload(content: string | Buffer, opts: { bearer?: string; fields?: Record<string, string>; fileName?: string } = {}) {
    const form = new FormData();
    form.append('file', new Blob([typeof content === 'string' ? content : new Uint8Array(content)]), opts.fileName ?? 'leads.csv');
    for (const [key, value] of Object.entries(opts.fields ?? {})) form.append(key, value);
    return this.request('POST', '/api/v1/batch/enrich/upload', { bearer: opts.bearer, form });
  }

  /** Polls the job until `done(job)` holds (state, never sleeps blindly); throws after `timeoutMs`. */
  async waitForBatch(jobId: string, bearer: string, done: (job: any) => boolean, timeoutMs = 30_000, intervalMs = 50): Promise<any> {
    const deadline = Date.now() + timeoutMs;
    let last: any = null;
    while (Date.now() < deadline) {
      const res = await this.request('GET', `/api/v1/batch/enrich/${jobId}`, { bearer });
      last = res.body;
      if (res.status === 200 && done(last)) return last;
      await new Promise((r) => setTimeout(r, intervalMs));
    }
    throw new Error(`job did not reach the expected state in time; last: ${JSON.stringify(last?.counts)} ${last?.status}`);
  }
}
