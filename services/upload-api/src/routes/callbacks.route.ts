import { Router } from 'express';
import { callbackLog, redeliverCallback, type CallbackAttemptRecord, type CallbackRecord } from '@bej/db';
import type { AppDeps } from '../app.ts';
import { AppError } from '../http/app-error.ts';
import { requireOwnedBatch } from '../http/auth.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function presentCallback(c: CallbackRecord, deliveries: CallbackAttemptRecord[]) {
  return {
    id: c.id,
    type: c.type,
    created_at: c.createdAt.toISOString(),
    url: c.url,
    state: c.state,
    attempts: c.attempts,
    delivered_at: c.deliveredAt ? c.deliveredAt.toISOString() : null,
    last_error: c.lastError,
    deliveries: deliveries.map((d) => ({
      attempt: d.attempt,
      at: d.at.toISOString(),
      status_code: d.statusCode,
      error: d.error,
      duration_ms: d.durationMs,
    })),
  };
}

/** The owner's delivery log (every callback of the job, every attempt) and redelivery on demand. */
export function callbacksRouter(deps: AppDeps): Router {
  const router = Router();

  router.get('/api/v1/batch/enrich/:id/callbacks', async (req, res) => {
    const { job } = await requireOwnedBatch(deps.db, req, req.params.id);
    const log = await callbackLog(deps.db, job.id);
    res.json({ callback_url: job.callbackUrl, callbacks: log.map((c) => presentCallback(c, c.deliveries)) });
  });

  router.post('/api/v1/batch/enrich/:id/callbacks/:callbackId/redeliver', async (req, res) => {
    const { job } = await requireOwnedBatch(deps.db, req, req.params.id);
    const callback = UUID.test(req.params.callbackId) ? await redeliverCallback(deps.db, job.id, req.params.callbackId) : null;
    if (!callback) throw new AppError('not_found', 'This job has no callback with this id; list them with GET …/callbacks.');
    deps.logger.info('callback redelivery asked', { job_id: job.id, callback_id: callback.id });
    const entry = (await callbackLog(deps.db, job.id)).find((c) => c.id === callback.id)!;
    res.status(202).json(presentCallback(entry, entry.deliveries));
  });

  return router;
}
