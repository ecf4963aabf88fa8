import express, { type Express } from 'express';
import type { Database } from '@bej/db';
import type { Logger } from '@bej/logger';
import type { QueueClient } from '@bej/queue';
import type { UploadApiEnv } from './env.ts';
import { errorHandler, notFoundHandler } from './http/error-handler.ts';
import { requestContext } from './http/request-context.ts';
import { BULL_BOARD_PATH, bullBoard } from './ops/bull-board.ts';
import { adminRouter, agentsRouter } from './routes/agents.route.ts';
import { batchRouter } from './routes/batch.route.ts';
import { opsRouter } from './routes/ops.route.ts';
import { eventsRouter } from './routes/events.route.ts';
import { rowsRouter } from './routes/rows.route.ts';
import type { HuntHub } from './live/hunt-hub.ts';
import type { UploadLimits } from './upload/ingest-upload.ts';
import { usdToMicro } from '@bej/db';

export interface AppDeps {
  env: UploadApiEnv;
  db: Database;
  queues: QueueClient;
  logger: Logger;
  minBalanceMicro: number;
  uploadLimits: UploadLimits;
  /** Live hunts (SSE); without it the events endpoint is absent. */
  live: HuntHub | null;
}

export function appDepsFrom(env: UploadApiEnv, db: Database, queues: QueueClient, logger: Logger, live: HuntHub | null = null): AppDeps {
  return {
    live,
    env,
    db,
    queues,
    logger,
    minBalanceMicro: usdToMicro(env.BATCH_ENRICH_MIN_BALANCE_USD),
    uploadLimits: {
      maxRows: env.BATCH_ENRICH_MAX_ROWS,
      maxColumns: env.BATCH_ENRICH_MAX_COLUMNS,
      maxFieldChars: env.BATCH_ENRICH_MAX_FIELD_CHARS,
      previewRows: env.BATCH_ENRICH_LLM_PREVIEW_ROWS,
      mapperTimeoutMs: env.MAPPER_TIMEOUT_MS,
      priceMicro: usdToMicro(env.BATCH_ENRICH_ROW_PRICE_USD),
    },
  };
}

/** Builds the HTTP app without listening, so tests drive it on an ephemeral port. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.use(requestContext(deps.logger));
  app.use(express.json({ limit: '1mb' }));
  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  app.use(opsRouter(deps));
  app.use(agentsRouter(deps));
  if (deps.env.ADMIN_TOKEN) {
    app.use(adminRouter(deps, deps.env.ADMIN_TOKEN));
    const board = bullBoard(deps.queues, deps.env.ADMIN_TOKEN, { allowActions: deps.env.ADMIN_QUEUE_ACTIONS });
    app.use(BULL_BOARD_PATH, board.guard, board.router);
  }
  app.use(batchRouter(deps));
  app.use(rowsRouter(deps, deps.live));
  if (deps.live) app.use(eventsRouter(deps, deps.live));
  app.use(notFoundHandler);
  app.use(errorHandler(deps.logger, deps.env.BATCH_ENRICH_MAX_UPLOAD_BYTES));
  return app;
}
