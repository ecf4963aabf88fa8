import { Router, type Request } from 'express';
import multer from 'multer';
import { z } from 'zod';
import { linkBatch, usdToMicro } from '@bej/db';
import type { AppDeps } from '../app.ts';
import { AppError, tokenNotFound } from '../http/app-error.ts';
import { hashToken, loadBatch, newSecret, optionalAgent, requireAgent, requireOwnedBatch, requireReadableBatch, sameHash } from '../http/auth.ts';
import { uploadRateLimit } from '../http/request-limits.ts';
import { writeEnrichedCsv } from '../batches/download-csv.ts';
import { correctMapping } from '../batches/correct-mapping.ts';
import { presentBatch, presentPreview } from '@bej/batches';
import { startRun } from '../batches/start-batch.ts';
import { safeFileName } from '../upload/file-name.ts';
import { refuseDeclaredOversize, UPLOAD_FORM_FIELDS } from '../upload/upload-size.ts';
import { startOrPay } from '../batches/start-or-pay.ts';
import { ingestUpload } from '../upload/ingest-upload.ts';
import { acceptCallbackUrl } from '../callbacks/accept-callback-url.ts';

export const uploadFields = z.object({
  row_limit: z
    .string()
    .regex(/^\s*\d+\s*$/, 'must be a positive integer')
    .transform((v) => Number.parseInt(v, 10))
    .refine((n) => n > 0, 'must be a positive integer')
    // The column is a 32-bit integer; a larger limit means "no limit" in practice, but say so rather than fail.
    .refine((n) => n <= 2_147_483_647, 'must be at most 2147483647 (leave it out for no limit)')
    .optional(),
  auto_start: z.enum(['true', 'false', '1', '0']).optional(),
  mapping: z.string().optional(),
  callback_url: z.string().optional(),
  max_spend_usd: z
    .string()
    .regex(/^\s*\d+(\.\d{1,6})?\s*$/, 'must be a positive amount in USD, such as 12.50')
    .transform((v) => usdToMicro(Number.parseFloat(v)))
    .refine((micro) => micro > 0, 'must be a positive amount in USD, such as 12.50')
    .optional(),
  dedupe: z.enum(['true', 'false', '1', '0']).optional(),
});

export const linkBody = z.object({ upload_token: z.string().min(1) });

export const downloadQuery = z.object({
  file_columns: z.enum(['0', '1']).optional().describe('0 leaves out the file.<header> columns'),
});

function parseMappingField(raw: string | undefined): unknown | null {
  if (raw === undefined || raw.trim() === '') return null;
  try {
    return JSON.parse(raw);
  } catch (err) {
    throw new AppError('validation_error', `mapping: not valid JSON (${(err as Error).message}).`);
  }
}

function requireFile(req: Request): Express.Multer.File {
  if (!req.is('multipart/form-data')) {
    throw new AppError('unsupported_media_type', 'Send the upload as multipart/form-data with the CSV in the field "file".');
  }
  if (!req.file) throw new AppError('validation_error', 'The form has no "file" field. Attach the CSV as "file".');
  return req.file;
}

export function batchRouter(deps: AppDeps): Router {
  const router = Router();
  const { env } = deps;
  const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: env.BATCH_ENRICH_MAX_UPLOAD_BYTES, files: 1, ...UPLOAD_FORM_FIELDS } });
  const startDeps = { db: deps.db, queues: deps.queues, logger: deps.logger, minBalanceMicro: deps.minBalanceMicro, reuseWithinDays: env.BATCH_ENRICH_REUSE_DAYS };
  const paymentDeps = { ...startDeps, x402: deps.x402 };

  router.post('/api/v1/batch/enrich/upload', uploadRateLimit(deps), refuseDeclaredOversize(env.BATCH_ENRICH_MAX_UPLOAD_BYTES), upload.single('file'), async (req, res) => {
    const agent = await optionalAgent(deps.db, req);
    const file = requireFile(req);
    const fields = uploadFields.parse(req.body ?? {});
    const callbackUrl = await acceptCallbackUrl(fields.callback_url, deps.env.CALLBACK_ALLOW_PRIVATE);
    const uploadToken = agent ? null : newSecret('bup', 24);
    let job = await ingestUpload(
      {
        file: file.buffer,
        fileName: safeFileName(file.originalname),
        agentId: agent?.id ?? null,
        uploadTokenHash: uploadToken ? hashToken(uploadToken) : null,
        processLimit: fields.row_limit ?? null,
        mappingOverride: parseMappingField(fields.mapping),
        callbackUrl,
        maxSpendMicro: fields.max_spend_usd ?? null,
        dedupe: fields.dedupe === undefined || fields.dedupe === 'true' || fields.dedupe === '1',
      },
      { db: deps.db, queues: deps.queues, logger: deps.logger, limits: deps.uploadLimits },
    );
    if (agent && (fields.auto_start === 'true' || fields.auto_start === '1')) {
      try {
        job = await startRun(startDeps, agent.id, job, 'uploaded');
      } catch (err) {
        // Not enough balance is not an upload failure: the job waits, stored, for a start.
        if (!(err instanceof AppError && err.code === 'insufficient_balance')) throw err;
      }
    }
    const body = await presentBatch(deps.db, job);
    res.status(201).json(uploadToken ? { ...body, upload_token: uploadToken } : body);
  });

  router.post('/api/v1/batch/enrich/:id/link', async (req, res) => {
    const agent = await requireAgent(deps.db, req);
    const { upload_token } = linkBody.parse(req.body ?? {});
    const job = await loadBatch(deps.db, req.params.id);
    if (!job || !job.uploadTokenHash || !sameHash(job.uploadTokenHash, hashToken(upload_token))) throw tokenNotFound();
    if (job.agentId === agent.id) {
      res.json(await presentBatch(deps.db, job));
      return;
    }
    if (job.agentId !== null) throw new AppError('already_linked', 'This job is already linked to another agent.');
    const linked = await linkBatch(deps.db, job.id, agent.id);
    if (!linked) throw new AppError('already_linked', 'This job was linked to another agent meanwhile.');
    deps.logger.info('job linked', { job_id: job.id, agent_id: agent.id });
    res.json(await presentBatch(deps.db, linked));
  });

  router.post('/api/v1/batch/enrich/:id/start', async (req, res) => {
    const { agent, job } = await requireOwnedBatch(deps.db, req, req.params.id);
    const started = await startOrPay(paymentDeps, req, agent.id, job, 'uploaded');
    res.set(started.headers);
    res.status(202).json(await presentBatch(deps.db, started.job));
  });

  router.post('/api/v1/batch/enrich/:id/resume', async (req, res) => {
    const { agent, job } = await requireOwnedBatch(deps.db, req, req.params.id);
    const started = await startOrPay(paymentDeps, req, agent.id, job, 'paused');
    res.set(started.headers);
    res.status(202).json(await presentBatch(deps.db, started.job));
  });

  router.put('/api/v1/batch/enrich/:id/mapping', async (req, res) => {
    const { agent, job } = await requireOwnedBatch(deps.db, req, req.params.id);
    const corrected = await correctMapping(deps, agent.id, job, req.body ?? {});
    res.json(await presentBatch(deps.db, corrected));
  });

  router.get('/api/v1/batch/enrich/:id', async (req, res) => {
    const { job } = await requireReadableBatch(deps.db, req, req.params.id);
    res.json(await presentBatch(deps.db, job));
  });

  router.get('/api/v1/batch/enrich/:id/preview', async (req, res) => {
    const { job } = await requireReadableBatch(deps.db, req, req.params.id);
    res.json(await presentPreview(deps.db, job));
  });

  router.get('/api/v1/batch/enrich/:id/download.csv', async (req, res) => {
    const { job } = await requireOwnedBatch(deps.db, req, req.params.id);
    const query = downloadQuery.parse(req.query);
    res.status(200);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="batch-${job.id}.enriched.csv"`);
    await writeEnrichedCsv(deps.db, job, res, { fileColumns: query.file_columns !== '0' });
    res.end();
  });

  return router;
}
