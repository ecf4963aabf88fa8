import type { Request } from 'express';
import { getBalanceMicro, usdToMicro, type BatchRecord } from '@bej/db';
import { z } from 'zod';
import { AppError } from '../http/app-error.ts';
import { payWithX402, paymentHeaderOf, paymentResponseHeaders, resourceUrlOf, withPaymentRequirements, type X402Deps } from '../x402/x402-payment.ts';
import { checkSpendCap, requiredBalanceMicro, startRun, type StartDeps } from './start-batch.ts';

export const startBody = z.object({ max_spend_usd: z.number().positive().max(1_000_000).optional() });

/**
 * Start or resume with the billing order of README "Billing": the balance first; an x402
 * payment (header PAYMENT-SIGNATURE or X-PAYMENT) is settled only when the balance is short, for
 * at least the shortfall; a short balance without one answers 402 with the requirements.
 */
export async function startOrPay(
  deps: StartDeps & X402Deps,
  req: Request,
  agentId: string,
  job: BatchRecord,
  from: 'uploaded' | 'paused',
): Promise<{ job: BatchRecord; headers: Record<string, string> }> {
  const body = startBody.parse(req.body ?? {});
  const opts = body.max_spend_usd === undefined ? {} : { maxSpendMicro: usdToMicro(body.max_spend_usd) };
  const resourceUrl = resourceUrlOf(req);
  const description = `Balance top-up to ${from === 'uploaded' ? 'start' : 'resume'} batch ${job.id}`;
  let headers: Record<string, string> = {};
  const header = paymentHeaderOf(req);
  // While x402 is off a payment header changes nothing: the 402 below carries the JSON error alone.
  if (header && deps.x402 && job.status === from) {
    checkSpendCap(job, opts.maxSpendMicro ?? job.maxSpendMicro);
    const shortfall = requiredBalanceMicro(deps, job) - ((await getBalanceMicro(deps.db, agentId)) ?? 0);
    if (shortfall > 0) {
      const paid = await payWithX402(deps, { agentId, header, amount: { atLeast: shortfall }, resourceUrl, description });
      headers = paymentResponseHeaders(paid);
    }
  }
  try {
    return { job: await startRun(deps, agentId, job, from, opts), headers };
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== 'insufficient_balance') throw err;
    const shortfall = usdToMicro(Number(err.details?.shortfall_usd ?? 0));
    throw withPaymentRequirements(deps, err, shortfall, resourceUrl, description);
  }
}
