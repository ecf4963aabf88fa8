import { findBatch, releaseQueuedRows, type Database } from '@bej/db';
import type { Logger } from '@bej/logger';
import type { Redis } from 'ioredis';
import { shortenHuntTrail, type Handlers } from '@bej/queue';

interface BillingDeps {
  db: Database;
  logger: Logger;
  /** Where live hunt trails live (QUEUE_PREFIX); completion shortens the job's trail to `graceSeconds`. */
  live?: { redis: Redis; prefix: string; graceSeconds: number };
}

/**
 * Pause and completion events of batches. On a pause, rows that were queued but not
 * taken go straight back to pending, so the paused job's counts settle at once and
 * `resume` continues exactly from the first row that was not paid for.
 */
export function billingHandlers(deps: BillingDeps): Handlers<'batch-enrich-billing'> {
  return {
    'billing.paused': async (payload) => {
      const job = await findBatch(deps.db, payload.jobId);
      if (!job) return { released: 0 };
      const released = job.status === 'paused' ? await releaseQueuedRows(deps.db, payload.jobId) : 0;
      deps.logger.info('batch paused', { job_id: payload.jobId, agent_id: payload.agentId, reason: payload.reason, released_rows: released });
      return { released };
    },
    'billing.completed': async (payload) => {
      // Throws on a Redis fault, so BullMQ retries: the trail quotes lead values and must not linger.
      if (deps.live) await shortenHuntTrail(deps.live.redis, deps.live.prefix, payload.jobId, deps.live.graceSeconds);
      deps.logger.info('batch completed', { job_id: payload.jobId, agent_id: payload.agentId });
      return { ok: true };
    },
  };
}
