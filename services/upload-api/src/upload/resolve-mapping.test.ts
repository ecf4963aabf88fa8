import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { after, test } from 'node:test';
import express from 'express';
import { Redis } from 'ioredis';
import winston from 'winston';
import { createLogger } from '@bej/logger';
import { QueueClient, createQueueWorker } from '@bej/queue';
import { errorHandler } from '../http/error-handler.ts';
import { requestContext } from '../http/request-context.ts';
import { mapperFallbacks } from '../upload-api.metrics.ts';
import { resolveMapping, type MappingRequest } from './resolve-mapping.ts';
import { deleteKeysWithPrefix } from '../../../../packages/queue/src/test-support/redis-keys.ts';

const prefix = `test-resolve-mapping-${randomBytes(6).toString('hex')}`;
const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const connections: Redis[] = [];
const connection = (maxRetriesPerRequest: number | null) => {
  const c = new Redis(url, { maxRetriesPerRequest });
  connections.push(c);
  return c;
};

/** Each stand-in gets a queue prefix of its own; all are removed after the file. */
const usedPrefixes: string[] = [];
const ownPrefix = (suffix: string) => {
  const own = `${prefix}-${suffix}`;
  usedPrefixes.push(own);
  return own;
};

after(async () => {
  const redis = connection(3);
  for (const used of usedPrefixes) await deleteKeysWithPrefix(redis, used);
  await Promise.all(connections.map((c) => c.quit()));
});

function recordingLogger() {
  const chunks: string[] = [];
  const stream = new Writable({ write: (c, _e, done) => (chunks.push(String(c)), done()) });
  return { logger: createLogger('upload-api', 'debug', [new winston.transports.Stream({ stream })]), text: () => chunks.join('') };
}

/** Not on the fast path (so the mapper is asked), yet the local heuristics map it. */
const request: MappingRequest = {
  headers: ['Firm Title', 'Road', 'Town', 'Region', 'Postcode'],
  sampleRows: [['Synthetic Goods 1 Inc', '200 Main St', 'Columbus', 'OH', '43004']],
  namespace: 'anonymous',
  override: null,
};

const fallbacks = async (reason: string) => (await mapperFallbacks.get()).values.find((v) => v.labels.reason === reason)?.value ?? 0;

/** A mapper stand-in on its own queue prefix; `answer` plays the mapper's handler. */
async function withMapper<T>(answer: (payload: { deadlineAt: number }) => Promise<unknown>, run: (queues: QueueClient) => Promise<T>): Promise<T> {
  const own = ownPrefix(randomBytes(3).toString('hex'));
  const worker = createQueueWorker('batch-enrich-mapping', { // A stand-in may answer anything (the invalid-answer cases): the catalog check is what is tested.
    'mapping.infer': answer as never, 'mapping.remember': async () => ({ stored: true as const }) }, { connection: connection(null), prefix: own, logger: console });
  const queues = new QueueClient(connection(3), own, console);
  try {
    await worker.waitUntilReady();
    return await run(queues);
  } finally {
    await worker.close();
    await queues.close();
  }
}

test('no answer in time: local heuristics, logged and counted as a timeout (not "unavailable")', async () => {
  const { logger, text } = recordingLogger();
  const before = await fallbacks('timeout');
  const queues = new QueueClient(connection(3), ownPrefix('nobody'), logger);
  try {
    const resolved = await resolveMapping(request, { queues, logger, mapperTimeoutMs: 300 });
    assert.equal(resolved?.source, 'heuristic');
    assert.match(text(), /mapper did not answer in time/);
    assert.equal(await fallbacks('timeout'), before + 1);
  } finally {
    await queues.close();
  }
});

test('an answer of the wrong shape, or one that does not fit the file: local heuristics, logged as an invalid answer', async () => {
  for (const answer of [{ source: 'llm', decision: 'not a mapping' }, { source: 'llm', decision: { columns: { company: 'No Such Header' }, search_variants: [], chat_label: { primary_column: null, location_columns: [] }, fields: {} } }]) {
    const { logger, text } = recordingLogger();
    const before = await fallbacks('invalid_answer');
    const resolved = await withMapper(async () => answer, (queues) => resolveMapping(request, { queues, logger, mapperTimeoutMs: 5_000 }));
    assert.equal(resolved?.source, 'heuristic');
    assert.match(text(), /mapper answer (has the wrong shape|did not fit the file)/);
    assert.doesNotMatch(text(), /unavailable/);
    assert.equal(await fallbacks('invalid_answer'), before + 1);
  }
});

test('the mapper failing the request: local heuristics, logged as an error with its reason', async () => {
  const { logger, text } = recordingLogger();
  const before = await fallbacks('mapper_failed');
  const resolved = await withMapper(
    async () => {
      throw new Error('mapper bug 42');
    },
    (queues) => resolveMapping(request, { queues, logger, mapperTimeoutMs: 5_000 }),
  );
  assert.equal(resolved?.source, 'heuristic');
  const line = text().split('\n').find((l) => l.includes('mapper failed the request'));
  assert.ok(line, text());
  assert.match(line, /"level":"error"/);
  assert.match(line, /mapper bug 42/);
  assert.equal(await fallbacks('mapper_failed'), before + 1);
});

test('the request carries the moment the upload stops waiting, so the mapper can fit its LLM budget before it', async () => {
  const { logger } = recordingLogger();
  let seen: unknown;
  const started = Date.now();
  await withMapper(
    async (payload) => {
      seen = payload.deadlineAt;
      return { source: null, decision: null };
    },
    (queues) => resolveMapping(request, { queues, logger, mapperTimeoutMs: 4_000 }),
  );
  assert.equal(typeof seen, 'number');
  assert.ok((seen as number) >= started + 4_000 && (seen as number) <= Date.now() + 4_000, 'deadline = the moment the call started + the timeout');
});

test('a bug on the upload side is not a mapper outage: it propagates and the upload answers 500 with its request id, the stack in the log', async () => {
  const { logger, text } = recordingLogger();
  const buggy = {
    call: async () => {
      throw new TypeError("Cannot read properties of undefined (reading 'columns')");
    },
  } as unknown as QueueClient;
  await assert.rejects(resolveMapping(request, { queues: buggy, logger, mapperTimeoutMs: 1_000 }), TypeError);
  assert.doesNotMatch(text(), /local heuristics/);

  const app = express();
  app.use(requestContext(logger));
  app.post('/upload', async (_req, res) => {
    res.json(await resolveMapping(request, { queues: buggy, logger, mapperTimeoutMs: 1_000 }));
  });
  app.use(errorHandler(logger, 1));
  const server = app.listen(0);
  await new Promise((resolve) => server.once('listening', resolve));
  try {
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/upload`, { method: 'POST', headers: { 'x-request-id': 'req-bug-1' } });
    assert.equal(res.status, 500);
    const body = (await res.json()) as { error: { code: string; error_id: string; request_id: string } };
    assert.equal(body.error.code, 'internal_error');
    assert.equal(body.error.request_id, 'req-bug-1');
    const line = text().split('\n').find((l) => l.includes(body.error.error_id));
    assert.ok(line, 'the error id is in the log');
    assert.match(line, /"stack":"TypeError: Cannot read properties of undefined[^"]*\\n\s+at /, 'with the stack');
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});
