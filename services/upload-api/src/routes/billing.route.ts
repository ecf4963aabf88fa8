import { Router, type Response } from 'express';
import { z } from 'zod';
import { getBalanceMicro, microToUsd, usdToMicro } from '@bej/db';
import type { AppDeps } from '../app.ts';
import { requireAgent, requireOwnedBatch, requireReadableBatch } from '../http/auth.ts';
import { writeLedgerCsv } from '../batches/ledger-csv.ts';
import { presentQuote } from '../batches/quote.ts';
import { payWithX402, paymentHeaderOf, paymentRequirementsError, paymentResponseHeaders, resourceUrlOf } from '../x402/x402-payment.ts';

export const topupBody = z.object({ amount_usd: z.number().positive().max(100_000) });

function csvHeaders(res: Response, fileName: string) {
  res.status(200);
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
}

/** README "Billing": quotes, ledgers, and x402 top-ups. */
export function billingRouter(deps: AppDeps): Router {
  const router = Router();
  const reuseDays = deps.env.BATCH_ENRICH_REUSE_DAYS;

  router.get('/api/v1/batch/enrich/:id/quote', async (req, res) => {
    const { job, viewer } = await requireReadableBatch(deps.db, req, req.params.id);
    const balance = viewer === 'owner' && job.agentId ? await getBalanceMicro(deps.db, job.agentId) : null;
    res.json(await presentQuote(deps.db, job, reuseDays, balance));
  });

  router.get('/api/v1/batch/enrich/:id/ledger.csv', async (req, res) => {
    const { job } = await requireOwnedBatch(deps.db, req, req.params.id);
    csvHeaders(res, `batch-${job.id}.ledger.csv`);
    await writeLedgerCsv(deps.db, { jobId: job.id }, res);
    res.end();
  });

  router.get('/api/v1/agents/me/ledger.csv', async (req, res) => {
    const agent = await requireAgent(deps.db, req);
    csvHeaders(res, `agent-${agent.id}.ledger.csv`);
    await writeLedgerCsv(deps.db, { agentId: agent.id }, res);
    res.end();
  });

  router.post('/api/v1/billing/topup', async (req, res) => {
    const agent = await requireAgent(deps.db, req);
    const amountMicro = usdToMicro(topupBody.parse(req.body ?? {}).amount_usd);
    const resourceUrl = resourceUrlOf(req);
    const description = `Balance top-up of ${microToUsd(amountMicro)} USD`;
    const header = paymentHeaderOf(req);
    if (!header) throw paymentRequirementsError(deps, amountMicro, resourceUrl, description);
    const paid = await payWithX402(deps, { agentId: agent.id, header, amount: { exact: amountMicro }, resourceUrl, description });
    res.set(paymentResponseHeaders(paid));
    res.json({ agent_id: agent.id, balance_usd: microToUsd(paid.balanceMicro), credited_usd: microToUsd(paid.amountMicro), replayed: !paid.credited });
  });

  return router;
}
