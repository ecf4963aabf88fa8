import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { createLogger, type Logger } from '@bej/logger';
import { QueueClient } from '@bej/queue';
import { appDepsFrom, createApp } from '../../services/upload-api/src/app.ts';
import { loadUploadApiEnv } from '../../services/upload-api/src/env.ts';
import { ApiClient, type TestStack } from './test-stack.ts';

export interface InProcessApp {
  app: Express;
  api: ApiClient;
  close(): Promise<void>;
}

/**
 * A second upload-api app on the stack's database and Redis, with env overrides (its own
 * QUEUE_PREFIX, limits, ...), for tests that need to read the app or vary its configuration.
 * Keys under a prefix other than the stack's are the caller's to delete.
 */
export async function startInProcessApp(stack: TestStack, overrides: Record<string, string> = {}, logger?: Logger): Promise<InProcessApp> {
  const env = loadUploadApiEnv({ ...stack.env, ...overrides });
  const log = logger ?? createLogger('in-process-app', 'error');
  const queues = new QueueClient(stack.redis, env.QUEUE_PREFIX, log);
  const app = createApp(appDepsFrom(env, stack.database.db, queues, log));
  const server = app.listen(0);
  await new Promise((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  return {
    app,
    api: new ApiClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    async close() {
      await new Promise((resolve) => server.close(resolve));
      await queues.close();
    },
  };
}

/** Deletes every key matching `pattern` (SCAN, never KEYS); only ever pass a prefix the test owns. */
export async function deleteKeysMatching(stack: TestStack, pattern: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await stack.redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await stack.redis.del(...keys);
  } while (cursor !== '0');
}

/** Every key matching `pattern`, by SCAN (KEYS would block the shared Redis). */
export async function scanKeys(stack: TestStack, pattern: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await stack.redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    found.push(...keys);
  } while (cursor !== '0');
  return [...new Set(found)];
}
