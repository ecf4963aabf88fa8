import express, { type Express } from 'express';
import type { Database } from '@bej/db';
import type { Logger } from '@bej/logger';
import type { QueueClient } from '@bej/queue';
import type { UploadApiEnv } from './env.ts';
import { errorHandler, notFoundHandler } from './http/error-handler.ts';
import { jsonBody } from './http/json-body.ts';
import { RateLimiter, authFailureGuard, clientKey } from './http/rate-limit.ts';
import { BULL_BOARD_CONTENT_SECURITY_POLICY, contentSecurityPolicy, crossOriginGuard, securityHeaders } from './http/security-headers.ts';
import { BULL_BOARD_PATH, bullBoard } from './ops/bull-board.ts';
import { adminRouter, agentsRouter } from './routes/agents.route.ts';
import { batchRouter } from './routes/batch.route.ts';
import { callbacksRouter } from './routes/callbacks.route.ts';
import { docsRouter } from './routes/docs.route.ts';
import { headlessRouter } from './routes/headless.route.ts';
import { eventsRouter } from './routes/events.route.ts';
import { rowsRouter } from './routes/rows.route.ts';
import type { HuntHub } from './live/hunt-hub.ts';
import type { UploadLimits } from './upload/ingest-upload.ts';
import { billingRouter } from './routes/billing.route.ts';
import { x402From, type X402Deps } from './x402/x402-payment.ts';
import { usdToMicro } from '@bej/db';

export interface AppDeps {
  env: UploadApiEnv;
  db: Database;
  queues: QueueClient;
  logger: Logger;
  minBalanceMicro: number;
  /** Redis counters for RATE_LIMIT_* (under QUEUE_PREFIX). */
  limiter: RateLimiter;
  uploadLimits: UploadLimits;
  /** Live hunts (SSE); without it the events endpoint is absent. */
  live: HuntHub | null;
  /** x402 wallet payments; null while X402_PAY_TO is unset. */
  x402: X402Deps['x402'];
}

export function appDepsFrom(env: UploadApiEnv, db: Database, queues: QueueClient, logger: Logger, live: HuntHub | null = null): AppDeps {
  return {
    live,
    env,
    db,
    queues,
    logger,
    minBalanceMicro: usdToMicro(env.BATCH_ENRICH_MIN_BALANCE_USD),
    limiter: new RateLimiter(queues.connection, env.QUEUE_PREFIX, logger),
    uploadLimits: {
      maxRows: env.BATCH_ENRICH_MAX_ROWS,
      maxColumns: env.BATCH_ENRICH_MAX_COLUMNS,
      maxFieldChars: env.BATCH_ENRICH_MAX_FIELD_CHARS,
      previewRows: env.BATCH_ENRICH_LLM_PREVIEW_ROWS,
      mapperTimeoutMs: env.MAPPER_TIMEOUT_MS,
      priceMicro: usdToMicro(env.BATCH_ENRICH_ROW_PRICE_USD),
    },
    x402: x402From(env),
  };
}

/** Builds the HTTP app without listening, so tests drive it on an ephemeral port. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.env.TRUST_PROXY);
  app.use(securityHeaders, crossOriginGuard, authFailureGuard(deps.limiter, deps.env.RATE_LIMIT_AUTH_FAILURES));
  app.use(jsonBody());
  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  app.use(agentsRouter(deps));
  if (deps.env.ADMIN_TOKEN) {
    app.use(adminRouter(deps, deps.env.ADMIN_TOKEN));
    const board = bullBoard(deps.queues, deps.env.ADMIN_TOKEN);
    app.use(BULL_BOARD_PATH, contentSecurityPolicy(BULL_BOARD_CONTENT_SECURITY_POLICY), board.guard, board.router);
  }
  app.use(batchRouter(deps));
  app.use(headlessRouter(deps));
  app.use(callbacksRouter(deps));
  app.use(docsRouter());
  app.use(rowsRouter(deps, deps.live));
  if (deps.live) app.use(eventsRouter(deps, deps.live));
  app.use(billingRouter(deps));
  app.use(notFoundHandler);
  const authFailure = async (req: express.Request) => void (await deps.limiter.hit('auth_failure', clientKey(req), deps.env.RATE_LIMIT_AUTH_FAILURES));
  app.use(errorHandler(deps.logger, deps.env.BATCH_ENRICH_MAX_UPLOAD_BYTES, { authFailure }));
  return app;
}
