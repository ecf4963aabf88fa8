import express, { Router } from 'express';
import { findBatchByIdempotencyKey, isIdempotencyConflict, type BatchRecord } from '@bej/db';
import type { AppDeps } from '../app.ts';
import { acceptCallbackUrl } from '../callbacks/accept-callback-url.ts';
import { headlessBatchBody } from '../headless/headless-batch.schema.ts';
import { ingestHeadless, requestHash } from '../headless/ingest-headless.ts';
import { AppError } from '../http/app-error.ts';
import { requireAgent } from '../http/auth.ts';
import { uploadRateLimit } from '../http/request-limits.ts';
import { presentBatch } from '@bej/batches';
import { startRun } from '../batches/start-batch.ts';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/** `POST /api/v1/batch/enrich`: rows as JSON, no file (README "From code, without a file: headless batches"). */
export function headlessRouter(deps: AppDeps): Router {
  const router = Router();
  const startDeps = {
    db: deps.db,
    queues: deps.queues,
    logger: deps.logger,
    minBalanceMicro: deps.minBalanceMicro,
    reuseWithinDays: deps.env.BATCH_ENRICH_REUSE_DAYS,
  };
  // Its own parser (see http/json-body.ts): counted by the upload rate limit first, then read up to the file limit.
  const json = express.json({ limit: deps.env.BATCH_ENRICH_MAX_UPLOAD_BYTES });

  /** The first job of this key, or an error when the key came with another request. */
  async function replay(agentId: string, key: string, hash: string): Promise<BatchRecord | null> {
    const earlier = await findBatchByIdempotencyKey(deps.db, agentId, key);
    if (earlier && earlier.requestHash !== hash) {
      throw new AppError(
        'idempotency_key_reused',
        'This Idempotency-Key was used with a different request body. Use a new key for a new batch, or resend the first body unchanged.',
        { job_id: earlier.id },
      );
    }
    return earlier;
  }

  router.post('/api/v1/batch/enrich', uploadRateLimit(deps), json, async (req, res) => {
    const agent = await requireAgent(deps.db, req);
    if (!req.is('application/json')) throw new AppError('unsupported_media_type', 'Send the batch as application/json.');
    const key = req.get('idempotency-key') ?? null;
    if (key !== null && !IDEMPOTENCY_KEY.test(key)) {
      throw new AppError('validation_error', 'Idempotency-Key must be 1 to 255 visible ASCII characters (a UUID is a good choice).');
    }
    const body = headlessBatchBody.parse(req.body ?? {});
    const hash = requestHash(body);
    const earlier = key === null ? null : await replay(agent.id, key, hash);
    if (earlier) {
      res.setHeader('Idempotent-Replayed', 'true');
      res.status(201).json(await presentBatch(deps.db, earlier));
      return;
    }
    const callbackUrl = await acceptCallbackUrl(body.callback_url, deps.env.CALLBACK_ALLOW_PRIVATE);
    let job: BatchRecord;
    try {
      job = await ingestHeadless(
        { agentId: agent.id, body, callbackUrl, idempotencyKey: key },
        { db: deps.db, logger: deps.logger, limits: deps.uploadLimits },
      );
    } catch (err) {
      // The same key sent twice at once: the other request stored first; answer with its job.
      if (key === null || !isIdempotencyConflict(err)) throw err;
      const winner = await replay(agent.id, key, hash);
      if (!winner) throw err;
      res.setHeader('Idempotent-Replayed', 'true');
      res.status(201).json(await presentBatch(deps.db, winner));
      return;
    }
    if (body.auto_start) {
      try {
        job = await startRun(startDeps, agent.id, job, 'uploaded');
      } catch (err) {
        // As with an upload: not enough balance leaves the batch stored, waiting for a start.
        if (!(err instanceof AppError && err.code === 'insufficient_balance')) throw err;
      }
    }
    res.status(201).json(await presentBatch(deps.db, job));
  });

  return router;
}
