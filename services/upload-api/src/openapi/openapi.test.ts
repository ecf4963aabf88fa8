import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import type { Express } from 'express';
import { createDb } from '@bej/db';
import { createLogger } from '@bej/logger';
import { QueueClient, createRedis, queueNames } from '@bej/queue';
import { appDepsFrom, createApp } from '../app.ts';
import { loadUploadApiEnv } from '../env.ts';
import { HuntHub } from '../live/hunt-hub.ts';
import { buildOpenApi } from './build-openapi.ts';
import { registeredRoutes } from './registered-routes.ts';
import { routeDocs } from './route-docs.ts';

// Every optional part of the app switched on, so every route it can register is registered.
const env = loadUploadApiEnv({ ADMIN_TOKEN: 'docs-test', QUEUE_PREFIX: `bejtest-openapi-${process.pid}`, LOG_LEVEL: 'error' });
const redis = createRedis(env.REDIS_URL, 'producer');
const database = createDb(env.DATABASE_URL); // never queried: building the app opens no connection
const queues = new QueueClient(redis, env.QUEUE_PREFIX, createLogger('test', 'error'));
const logger = createLogger('upload-api', 'error');
const live = new HuntHub(redis, env.QUEUE_PREFIX, database.db, logger, { heartbeatMs: 15_000, jobRefreshMs: 2_000, coalesceMs: 200 });
let app: Express;

before(async () => {
  app = createApp(appDepsFrom(env, database.db, queues, logger, live));
  // Bull Board made a Queue per name: let them finish connecting before the test can end.
  await Promise.all(queueNames.map((name) => queues.queue(name).waitUntilReady()));
});
after(async () => {
  await live.close();
  await queues.close();
  await redis.quit();
  await database.close();
});

const key = (method: string, path: string) => `${method.toUpperCase()} ${path}`;

test('every route the app registers is documented in route-docs.ts, and every documented route exists', () => {
  const registered = registeredRoutes(app);
  const documented = new Set(routeDocs.map((d) => key(d.method, d.path)));
  const served = new Set(registered.map((r) => key(r.method, r.path)));
  const undocumented = registered.filter((r) => !documented.has(key(r.method, r.path)));
  const stale = routeDocs.filter((d) => !served.has(key(d.method, d.path)));
  assert.deepEqual(
    undocumented.map((r) => key(r.method, r.path)),
    [],
    `\nThese routes are registered but missing from the OpenAPI registry.\n` +
      `Add one entry per route to services/upload-api/src/openapi/route-docs.ts, e.g.:\n\n` +
      undocumented
        .map(
          (r) =>
            `  {\n    method: '${r.method}',\n    path: '${r.path}',\n    tag: 'Batches',\n    summary: '…',\n    auth: 'bearer',\n` +
            `    // body: { json: yourZodBodySchema }, query: yourZodQuerySchema (export them from your route file)\n` +
            `    responses: { 200: { description: '…', json: YourResponseSchema }, ...errors(401, 404) },${r.mounted ? '\n    page: true,' : ''}\n  },`,
        )
        .join('\n') +
      `\n(Response schemas live in services/upload-api/src/openapi/response.schemas.ts; a route registered only under some env var\n` +
      ` must be switched on in the env at the top of services/upload-api/src/openapi/openapi.test.ts.)\n`,
  );
  assert.deepEqual(
    stale.map((d) => key(d.method, d.path)),
    [],
    `\nThese entries of services/upload-api/src/openapi/route-docs.ts match no registered route: ` +
      `fix the path (OpenAPI form, /x/{id}) or method, or remove the entry.\n`,
  );
  assert.equal(documented.size, routeDocs.length, 'a route is documented twice in route-docs.ts');
});

test('the document is OpenAPI 3.1: refs resolve, path parameters are declared, bodies come from the route schemas', async () => {
  const spec = buildOpenApi(routeDocs, { version: 'test' });
  assert.equal(spec.openapi, '3.1.0');
  const validation = await new Validator().validate(structuredClone(spec));
  assert.ok(validation.valid, `not a valid OpenAPI 3.1 document: ${JSON.stringify(validation.errors, null, 1)}`);
  const text = JSON.stringify(spec);
  for (const [, name] of text.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)) {
    assert.ok(name! in spec.components.schemas, `$ref to missing schema ${name}`);
  }
  for (const [path, methods] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(methods as Record<string, { parameters?: Array<{ name: string; in: string }>; responses: object }>)) {
      for (const [, name] of path.matchAll(/\{(\w+)\}/g)) {
        assert.ok(op.parameters?.some((p) => p.in === 'path' && p.name === name), `${method} ${path}: path parameter ${name} not declared`);
      }
      assert.ok(Object.keys(op.responses).length > 0, `${method} ${path} has no responses`);
    }
  }
  type BodySchema = { properties: Record<string, unknown>; required?: string[] };
  type Operation = { parameters: Array<{ name: string }>; requestBody: { content: Record<string, { schema: BodySchema }> } };
  const headless = spec.paths['/api/v1/batch/enrich']!.post as Operation;
  const schema = headless.requestBody.content['application/json']!.schema;
  assert.deepEqual(Object.keys(schema.properties).sort(), ['auto_start', 'callback_url', 'dedupe', 'max_spend_usd', 'row_limit', 'rows', 'search_variants']);
  assert.ok(headless.parameters.some((p: { name: string }) => p.name === 'Idempotency-Key'));
  const upload = (spec.paths['/api/v1/batch/enrich/upload']!.post as Operation).requestBody.content['multipart/form-data']!.schema;
  assert.ok(upload.required?.includes('file'));
  assert.ok('callback_url' in upload.properties && 'row_limit' in upload.properties);
  assert.deepEqual(Object.keys(spec.webhooks).sort(), ['batch.completed', 'batch.paused', 'batch.resumed']);
});

test('/api/v1/openapi.json and /docs are served; the page needs no script and no other origin', async () => {
  const server = app.listen(0);
  try {
    await new Promise((resolve) => server.once('listening', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const json = await fetch(`${base}/api/v1/openapi.json`);
    assert.equal(json.status, 200);
    const spec = (await json.json()) as { openapi: string; paths: Record<string, unknown> };
    assert.equal(spec.openapi, '3.1.0');
    assert.ok('/api/v1/batch/enrich/{id}/callbacks' in spec.paths);
    const page = await fetch(`${base}/docs`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /text\/html/);
    assert.equal(page.headers.get('content-security-policy'), "default-src 'none'; style-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
    const html = await page.text();
    assert.doesNotMatch(html, /<script|\son\w+=|style=/i, 'no script, no inline handlers or styles (a CSP can forbid them)');
    assert.doesNotMatch(html, /(src|href)="https?:/i, 'nothing from another origin');
    assert.match(html, /POST<\/span> <code>\/api\/v1\/batch\/enrich<\/code>/);
    const css = await fetch(`${base}/docs/docs.css`);
    assert.match(css.headers.get('content-type') ?? '', /text\/css/);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});
