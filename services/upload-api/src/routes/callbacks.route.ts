import { Router } from 'express';
import { callbackLog } from '@bej/db';
import type { AppDeps } from '../app.ts';
import { requireOwnedJob } from '../http/auth.ts';

/** The owner's delivery log: every callback of the job and every attempt to deliver it. */
export function callbacksRouter(deps: AppDeps): Router {
  const router = Router();
  router.get('/api/v1/batch/enrich/:id/callbacks', async (req, res) => {
    const { job } = await requireOwnedJob(deps.db, req, req.params.id);
    const log = await callbackLog(deps.db, job.id);
    res.json({
      callback_url: job.callbackUrl,
      callbacks: log.map((c) => ({
        id: c.id,
        type: c.type,
        created_at: c.createdAt.toISOString(),
        url: c.url,
        state: c.state,
        attempts: c.attempts,
        delivered_at: c.deliveredAt ? c.deliveredAt.toISOString() : null,
        last_error: c.lastError,
        deliveries: c.deliveries.map((d) => ({
          attempt: d.attempt,
          at: d.at.toISOString(),
          status_code: d.statusCode,
          error: d.error,
          duration_ms: d.durationMs,
        })),
      })),
    });
  });
  return router;
}
