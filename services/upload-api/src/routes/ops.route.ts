import { Router } from 'express';
import { checkReadiness, createStateMetrics, renderMetrics } from '@bej/ops';
import { queueNames } from '@bej/queue';
import type { AppDeps } from '../app.ts';

/** `/readyz` (PostgreSQL, migrations, Redis) and `/metrics` (Prometheus; every queue, jobs by status, ledger totals). */
export function opsRouter(deps: AppDeps): Router {
  const router = Router();
  const state = createStateMetrics({ queues: { client: deps.queues, names: queueNames }, db: deps.db, logger: deps.logger });
  router.get('/readyz', async (_req, res) => {
    const report = await checkReadiness({ db: deps.db, redis: deps.queues });
    res.status(report.ready ? 200 : 503).json({ ...report, service: 'upload-api' });
  });
  router.get('/metrics', async (_req, res) => {
    const { contentType, body } = await renderMetrics(state);
    res.type(contentType).send(body);
  });
  return router;
}
