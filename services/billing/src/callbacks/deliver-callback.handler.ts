import { UnrecoverableError, type Job } from 'bullmq';
import { CallbackUrlRejection, postCallback, signCallback } from '@bej/callbacks';
import { findCallbackForDelivery, fixCallbackBody, recordCallbackAttempt, type AttemptOutcome, type Database } from '@bej/db';
import type { Logger } from '@bej/logger';
import type { QueueJobPayload } from '@bej/queue';
import { renderCallbackBody } from './render-callback.ts';

interface DeliverCallbackDeps {
  db: Database;
  logger: Logger;
  allowPrivate: boolean;
  timeoutMs: number;
}

const USER_AGENT = 'batch-enrich-callbacks/1';

/**
 * One attempt at one callback. 2xx delivers; anything else is logged and thrown so BullMQ
 * retries with backoff; a target the address policy refuses fails at once (it will not change).
 * Redirects are never followed: a 3xx counts as a failed attempt and the log names the target.
 */
export function createDeliverCallbackHandler(deps: DeliverCallbackDeps) {
  const { db, logger } = deps;

  return async function deliverCallback(payload: QueueJobPayload<'callback.deliver'>, job: Job): Promise<string> {
    const attempt = job.attemptsMade + 1;
    const lastAttempt = attempt >= (job.opts.attempts ?? 1);
    const found = await findCallbackForDelivery(db, payload.callbackId);
    if (!found) return 'gone';
    const { callback } = found;
    if (callback.state === 'delivered' || callback.state === 'refused') return callback.state;
    const log = (outcome: AttemptOutcome, statusCode: number | null, error: string | null, durationMs: number) =>
      recordCallbackAttempt(db, { callbackId: callback.id, statusCode, error, durationMs, outcome });

    if (!found.webhookSecret) {
      await log('failed', null, 'the job has no owner to sign for (link it to an agent)', 0);
      throw new UnrecoverableError(`callback ${callback.id}: job has no owner`);
    }
    const body = callback.body ?? (await fixCallbackBody(db, callback.id, await renderCallbackBody(db, callback)));
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const headers = {
      'user-agent': USER_AGENT,
      'x-signature': signCallback(found.webhookSecret, body, Math.floor(Date.now() / 1000)),
      'x-callback-id': callback.id,
      'x-callback-type': callback.type,
    };
    let answer;
    try {
      answer = await postCallback(callback.url, body, headers, { allowPrivate: deps.allowPrivate, timeoutMs: deps.timeoutMs });
    } catch (err) {
      const message = (err as Error).message.slice(0, 500);
      if (err instanceof CallbackUrlRejection) {
        await log('refused', null, message, elapsed());
        logger.warn('callback refused', { callback_id: callback.id, job_id: callback.jobId });
        throw new UnrecoverableError(`callback ${callback.id} refused: ${message}`);
      }
      await log(lastAttempt ? 'failed' : 'retrying', null, message, elapsed());
      throw err;
    }
    if (answer.statusCode >= 200 && answer.statusCode < 300) {
      await log('delivered', answer.statusCode, null, elapsed());
      logger.info('callback delivered', { callback_id: callback.id, job_id: callback.jobId, type: callback.type, attempt });
      return 'delivered';
    }
    const error =
      answer.statusCode >= 300 && answer.statusCode < 400
        ? `HTTP ${answer.statusCode}: redirect to ${(answer.location ?? 'nowhere').slice(0, 300)} not followed (callbacks never follow redirects)`
        : `HTTP ${answer.statusCode}`;
    await log(lastAttempt ? 'failed' : 'retrying', answer.statusCode, error, elapsed());
    logger.warn('callback attempt failed', { callback_id: callback.id, job_id: callback.jobId, attempt, status: answer.statusCode, last: lastAttempt });
    throw new Error(error);
  };
}
