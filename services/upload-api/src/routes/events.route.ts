import { Router } from 'express';
import type { AppDeps } from '../app.ts';
import { requireReadableBatch } from '../http/auth.ts';
import type { HuntHub } from '../live/hunt-hub.ts';
import { SseStream } from '../live/sse-stream.ts';

/**
 * `GET …/events` (README "Hunts: providers and live progress"): `job` events (counts only) to the owner or the job's
 * `Batch` token on every change, `row` events (hunt progress) to the owner only. Resumes
 * after `Last-Event-ID` (or `?last_event_id=` for clients that cannot set headers).
 */
export function eventsRouter(deps: AppDeps, hub: HuntHub): Router {
  const router = Router();
  router.get('/api/v1/batch/enrich/:id/events', async (req, res) => {
    const { job, viewer } = await requireReadableBatch(deps.db, req, req.params.id);
    const queryId = typeof req.query.last_event_id === 'string' ? req.query.last_event_id : null;
    const lastEventId = req.get('last-event-id') ?? queryId;
    const stream: SseStream = new SseStream(res, () => hub.detach(job.id, stream));
    try {
      await hub.attach(job.id, stream, { rows: viewer === 'owner', lastEventId });
    } catch (err) {
      // The headers are out already: the error can only end the stream (the client retries).
      deps.logger.error('event stream could not start', { job_id: job.id, err: (err as Error).message });
      stream.close();
    }
  });
  return router;
}
