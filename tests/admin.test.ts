import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { createLogger } from '@bej/logger';
import { QueueClient } from '@bej/queue';
import { appDepsFrom, createApp } from '../services/upload-api/src/app.ts';
import { loadUploadApiEnv } from '../services/upload-api/src/env.ts';
import { ADMIN_TOKEN, ApiClient, startTestStack, type TestStack } from './support/test-stack.ts';

let stack: TestStack;
before(async () => {
  stack = await startTestStack({}, { services: [] });
});
after(async () => {
  await stack?.close();
});

test('Bull Board is behind the admin token', async () => {
  const { api } = stack;
  assert.equal((await api.request('GET', '/admin/queues')).status, 401);
  const board = await api.request('GET', '/admin/queues', { headers: { 'x-admin-token': ADMIN_TOKEN } });
  assert.equal(board.status, 200);
  assert.match(board.headers.get('content-type') ?? '', /text\/html/);
});

test('without ADMIN_TOKEN the admin endpoints and the board answer 404', async () => {
  const env = loadUploadApiEnv({ ...stack.env, ADMIN_TOKEN: '' });
  assert.equal(env.ADMIN_TOKEN, undefined);
  const queues = new QueueClient(stack.redis, stack.prefix, createLogger('test', 'error'));
  const server = createApp(appDepsFrom(env, stack.database.db, queues, createLogger('test', 'error'))).listen(0);
  try {
    await new Promise((resolve) => server.once('listening', resolve));
    const api = new ApiClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    const agent = await api.mintAgent();
    const credit = await api.request('POST', `/api/v1/admin/agents/${agent.agent_id}/credit`, {
      json: { amount_usd: 5 },
      headers: { 'x-admin-token': ADMIN_TOKEN },
    });
    assert.equal(credit.status, 404);
    assert.equal((await api.request('GET', '/admin/queues', { headers: { 'x-admin-token': ADMIN_TOKEN } })).status, 404);
  } finally {
    await new Promise((resolve) => server.close(resolve));
    await queues.close();
  }
});
