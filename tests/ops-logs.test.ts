import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { after, before, test } from 'node:test';
import winston from 'winston';
import { createLogger, type Logger } from '@bej/logger';
import { QueueClient, createQueueWorker, createRedis } from '@bej/queue';
import { appDepsFrom, createApp } from '../services/upload-api/src/app.ts';
import { loadUploadApiEnv } from '../services/upload-api/src/env.ts';
import { ApiClient, repoRoot, startTestStack, type TestStack } from './support/test-stack.ts';

const LEADS = readFileSync(`${repoRoot}examples/leads.csv`);

/** The production logger (same format), writing JSON lines into an array instead of stdout. */
function capturedLogger(service: string, level = 'info'): { logger: Logger; lines: () => Array<Record<string, unknown>> } {
  const logger = createLogger(service, level);
  const raw: string[] = [];
  logger.clear();
  logger.add(new winston.transports.Stream({ stream: new Writable({ write: (chunk, _enc, done) => (raw.push(String(chunk)), done()) }) }));
  return { logger, lines: () => raw.flatMap((r) => r.split('\n')).filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) };
}

let stack: TestStack;
before(async () => {
  stack = await startTestStack({}, { services: [] });
});
after(async () => {
  await stack?.close();
});

test('API log lines are JSON and carry the request id: the access line and lines written while handling', async () => {
  const { logger, lines } = capturedLogger('upload-api');
  const queues = new QueueClient(stack.redis, stack.prefix, logger);
  const server = createApp(appDepsFrom(loadUploadApiEnv(stack.env), stack.database.db, queues, logger)).listen(0);
  try {
    await new Promise((resolve) => server.once('listening', resolve));
    const api = new ApiClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    const agent = await api.mintAgent();
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(LEADS)]), 'leads.csv');
    const res = await api.request('POST', '/api/v1/batch/enrich/upload', { bearer: agent.token, form, headers: { 'x-request-id': 'upload-trace-7' } });
    assert.equal(res.status, 201, res.text);

    const mine = lines().filter((l) => l.request_id === 'upload-trace-7');
    const stored = mine.find((l) => l.message === 'upload stored');
    assert.ok(stored, 'the handler line carries the request id without being passed it');
    assert.equal(stored.job_id, res.body.id);
    const access = mine.find((l) => l.message === 'http request');
    assert.deepEqual([access?.route, access?.status, access?.method], ['/api/v1/batch/enrich/upload', 201, 'POST']);
    assert.equal(typeof access?.ms, 'number');

    const text = lines().map((l) => JSON.stringify(l)).join('\n');
    for (const value of ['Haney', 'Pittsburgh', '555-0101', agent.token]) assert.ok(!text.includes(value), `"${value}" reached the log`);
  } finally {
    await new Promise((resolve) => server.close(resolve));
    await queues.close();
  }
});

test('worker log lines carry the job id and row index of the row being worked on', async () => {
  const { logger, lines } = capturedLogger('enrich-worker');
  const connection = createRedis(stack.env.REDIS_URL!, 'worker');
  const producer = createRedis(stack.env.REDIS_URL!, 'producer');
  const queues = new QueueClient(producer, stack.prefix, logger);
  const worker = createQueueWorker(
    'batch-enrich-rows',
    {
      'row.enrich': async () => {
        logger.info('hunting');
        return 'matched';
      },
    },
    { connection, prefix: stack.prefix, logger },
  );
  const jobId = randomUUID();
  try {
    await queues.enqueue('row.enrich', { jobId, rowIndex: 17, run: 1 }, { jobId: `${jobId}-17-1` });
    const deadline = Date.now() + 15_000;
    while (!lines().some((l) => l.message === 'hunting') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    const line = lines().find((l) => l.message === 'hunting');
    assert.ok(line, 'the handler logged');
    assert.deepEqual([line.job_id, line.row_index, line.queue, line.service, line.level], [jobId, 17, 'batch-enrich-rows', 'enrich-worker', 'info']);
  } finally {
    await worker.close();
    await queues.close();
    await Promise.all([connection.quit(), producer.quit()]);
  }
});

test('LOG_LEVEL filters lines', () => {
  const { logger, lines } = capturedLogger('billing', 'warn');
  logger.info('not shown');
  logger.debug('not shown either');
  logger.warn('shown');
  assert.deepEqual(lines().map((l) => l.message), ['shown']);
});
