import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '@bej/logger';
import { QueueClient, createRedis, pingRedis, type QueueName } from '@bej/queue';
import { renderMetrics } from './metrics-registry.ts';
import { checkReadiness, type ReadinessReport } from './readiness.ts';
import { createStateMetrics } from './state.metrics.ts';

export interface HealthHandlers {
  readiness(): Promise<ReadinessReport>;
  metrics(): Promise<{ contentType: string; body: string }>;
}

/** `/healthz` (the process answers), `/readyz` (its dependencies answer) and `/metrics`, on plain node:http. */
export function createHealthServer(service: string, handlers: HealthHandlers, logger: Logger): Server {
  return createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return json(405, { error: { code: 'method_not_allowed', message: 'GET only.' } });
    const answer = async () => {
      if (path === '/healthz') return json(200, { ok: true, service });
      if (path === '/readyz') {
        const report = await handlers.readiness();
        return json(report.ready ? 200 : 503, { ...report, service });
      }
      if (path === '/metrics') {
        const { contentType, body } = await handlers.metrics();
        res.writeHead(200, { 'content-type': contentType });
        return res.end(body);
      }
      return json(404, { error: { code: 'not_found', message: 'GET /healthz, /readyz or /metrics.' } });
    };
    answer().catch((err: Error) => {
      logger.error('health endpoint failed', { path, err: err.message });
      if (!res.headersSent) json(500, { error: { code: 'internal_error', message: 'health endpoint failed; see the log' } });
      else res.end();
    });
  });
}

export interface HealthServerOptions {
  service: string;
  port: number;
  databaseUrl?: string;
  redisUrl: string;
  queuePrefix: string;
  /** Queues whose depth and age this process reports. */
  queues: readonly QueueName[];
  logger: Logger;
}

/**
 * The health port of a worker service: its own small PostgreSQL pool and Redis connection
 * (so a probe never waits behind the worker's own traffic), closed by the returned steps.
 */
export async function startHealthServer(opts: HealthServerOptions) {
  const redis = createRedis(opts.redisUrl, 'producer');
  redis.on('error', (err) => opts.logger.warn('health redis error', { err: err.message }));
  // Imported only when needed: the mapper has no database and should not carry its driver.
  const database = opts.databaseUrl ? (await import('@bej/db')).createDb(opts.databaseUrl, { max: 2, onError: (err) => opts.logger.warn('health pool error', { err: err.message }) }) : null;
  const queues = new QueueClient(redis, opts.queuePrefix, opts.logger);
  const state = createStateMetrics({ queues: { client: queues, names: opts.queues }, logger: opts.logger });
  const server = createHealthServer(
    opts.service,
    {
      readiness: () => checkReadiness({ db: database?.db, redis: { ping: () => pingRedis(redis) } }),
      metrics: () => renderMetrics(state),
    },
    opts.logger,
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  opts.logger.info('health server listening', { port, paths: ['/healthz', '/readyz', '/metrics'] });
  return {
    port,
    steps: [
      { name: 'health http', run: () => new Promise<void>((resolve) => server.close(() => resolve())) },
      { name: 'health queues', run: () => queues.close() },
      { name: 'health redis', run: () => redis.quit() },
      { name: 'health database', run: async () => database?.close() },
    ],
  };
}
