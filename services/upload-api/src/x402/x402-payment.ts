import type { Request } from 'express';
import { creditPayment, getBalanceMicro, microToUsd, paymentCreditedTo, type Database } from '@bej/db';
import type { Logger } from '@bej/logger';
import type { UploadApiEnv } from '../env.ts';
import { AppError } from '../http/app-error.ts';
import { FacilitatorClient, FacilitatorUnavailable, type SettleResponse } from './facilitator.client.ts';
import {
  PAYMENT_HEADERS,
  decodePaymentHeader,
  encodeHeader,
  paymentRef,
  paymentRequired,
  paymentRequirements,
  signedAmount,
  type PaymentRequirements,
  type X402Config,
} from './x402-protocol.ts';

export interface X402Deps {
  db: Database;
  logger: Logger;
  x402: { config: X402Config; facilitator: FacilitatorClient } | null;
}

/** x402 is on only when a receiving address is configured. */
export function x402From(env: UploadApiEnv): X402Deps['x402'] {
  if (!env.X402_PAY_TO) return null;
  const config: X402Config = {
    payTo: env.X402_PAY_TO,
    facilitatorUrl: env.X402_FACILITATOR_URL,
    network: env.X402_NETWORK,
    asset: env.X402_ASSET,
    assetName: env.X402_ASSET_NAME,
    assetVersion: env.X402_ASSET_VERSION,
    timeoutMs: env.X402_FACILITATOR_TIMEOUT_MS,
  };
  return { config, facilitator: new FacilitatorClient(config) };
}

export function paymentHeaderOf(req: Request): string | null {
  for (const name of PAYMENT_HEADERS) {
    const value = req.get(name);
    if (value && value.trim() !== '') return value;
  }
  return null;
}

export function resourceUrlOf(req: Request): string {
  return `${req.protocol}://${req.get('host') ?? 'localhost'}${req.originalUrl.split('?')[0]}`;
}

/** The 402 of a short balance, with the payment requirements for `amountMicro` when x402 is on. */
export function withPaymentRequirements(deps: X402Deps, err: AppError, amountMicro: number, resourceUrl: string, description: string): AppError {
  if (!deps.x402 || amountMicro <= 0) return err;
  const required = paymentRequired(paymentRequirements(deps.x402.config, amountMicro, resourceUrl, description), err.message);
  return new AppError(err.code, err.message, err.details, required);
}

const disabled = () =>
  new AppError('payments_disabled', 'x402 wallet payments are not configured here (X402_PAY_TO is unset). Ask an operator to credit your balance.');

/** A top-up request without a payment: 402 with the requirements to pay exactly `amountMicro`. */
export function paymentRequirementsError(deps: X402Deps, amountMicro: number, resourceUrl: string, description: string): AppError {
  if (!deps.x402) return disabled();
  const message = 'Pay with x402: repeat this request with a PAYMENT-SIGNATURE (or X-PAYMENT) header for one of the accepted requirements.';
  return withPaymentRequirements(deps, new AppError('payment_required', message), amountMicro, resourceUrl, description);
}

interface PaymentResult {
  /** False for a replay of a payment credited before: nothing was charged or credited again. */
  credited: boolean;
  amountMicro: number;
  balanceMicro: number;
  settlement: SettleResponse | null;
}

/** The settlement answer for the PAYMENT-RESPONSE (v2) and X-PAYMENT-RESPONSE (v1) headers. */
export function paymentResponseHeaders(result: PaymentResult): Record<string, string> {
  if (!result.settlement) return {};
  const encoded = encodeHeader(result.settlement);
  return { 'PAYMENT-RESPONSE': encoded, 'X-PAYMENT-RESPONSE': encoded };
}

/**
 * Verifies and settles one x402 payment through the facilitator, then credits the balance,
 * once per payment (the ledger's unique payment key), and only after settlement succeeded.
 * `amount.exact` demands the payment be that amount (a top-up); `amount.atLeast` accepts any
 * payment covering it (a start's shortfall). A refused payment credits nothing and answers 402
 * with the requirements again.
 */
export async function payWithX402(
  deps: X402Deps,
  input: { agentId: string; header: string; amount: { exact: number } | { atLeast: number }; resourceUrl: string; description: string },
): Promise<PaymentResult> {
  const x402 = deps.x402;
  if (!x402) throw disabled();
  const payment = decodePaymentHeader(input.header);
  if (!payment) throw new AppError('invalid_payment', 'The payment header is not a base64-encoded x402 PaymentPayload (JSON).');
  const ref = paymentRef(payment);
  const floor = 'exact' in input.amount ? input.amount.exact : input.amount.atLeast;
  const refuse = (code: 'payment_invalid' | 'payment_failed', message: string, reason?: string | null) => {
    const requirements = paymentRequirements(x402.config, floor, input.resourceUrl, input.description);
    return new AppError(code, message, reason ? { reason } : undefined, paymentRequired(requirements, message));
  };

  const creditedTo = await paymentCreditedTo(deps.db, ref);
  if (creditedTo !== null) {
    if (creditedTo !== input.agentId) throw refuse('payment_invalid', 'This payment was already used by another account.');
    return { credited: false, amountMicro: 0, balanceMicro: (await getBalanceMicro(deps.db, input.agentId)) ?? 0, settlement: null };
  }

  const signed = signedAmount(payment);
  const amountMicro = signed === null ? floor : Number(signed);
  if (signed !== null && (signed > BigInt(Number.MAX_SAFE_INTEGER) || ('exact' in input.amount ? amountMicro !== floor : amountMicro < floor))) {
    throw refuse('payment_invalid', `The payment is for ${microToUsd(Number(signed))} USD; ${'exact' in input.amount ? 'exactly' : 'at least'} ${microToUsd(floor)} USD is required.`);
  }
  const mismatch = (['payTo', 'asset', 'network'] as const).find((field) => {
    const given = payment.accepted?.[field];
    return typeof given === 'string' && given.toLowerCase() !== String(x402.config[field]).toLowerCase();
  });
  if (mismatch) throw refuse('payment_invalid', `The payment's ${mismatch} does not match this server's payment requirements.`);

  const requirements: PaymentRequirements = paymentRequirements(x402.config, amountMicro, input.resourceUrl, input.description);
  try {
    const verified = await x402.facilitator.verify(payment, requirements);
    if (!verified.isValid) {
      deps.logger.info('x402 payment refused at verify', { agent_id: input.agentId, reason: verified.invalidReason ?? null });
      throw refuse('payment_invalid', 'The facilitator did not accept the payment; nothing was charged.', verified.invalidReason);
    }
    const settlement = await x402.facilitator.settle(payment, requirements).catch((err: unknown) => {
      if (!(err instanceof FacilitatorUnavailable)) throw err;
      // The settlement may have gone through without us hearing back: operators need the reference.
      deps.logger.error('x402 settlement outcome unknown', { agent_id: input.agentId, payment_ref: ref, err: err.message });
      throw new AppError(
        'payment_unavailable',
        `The payment facilitator did not answer the settlement; nothing was credited. If your wallet was charged, quote payment_ref ${ref} to support.`,
        { payment_ref: ref },
      );
    });
    if (!settlement.success) {
      deps.logger.info('x402 payment refused at settle', { agent_id: input.agentId, reason: settlement.errorReason ?? null });
      throw refuse('payment_failed', 'The payment could not be settled; nothing was charged or credited.', settlement.errorReason);
    }
    return await credit(deps, input.agentId, ref, amountMicro, settlement);
  } catch (err) {
    if (err instanceof FacilitatorUnavailable) {
      deps.logger.warn('x402 facilitator unavailable', { agent_id: input.agentId, err: err.message });
      throw new AppError('payment_unavailable', 'The payment facilitator could not be reached; nothing was credited. Retry the same request with the same payment.');
    }
    throw err;
  }
}

async function credit(deps: X402Deps, agentId: string, ref: string, amountMicro: number, settlement: SettleResponse): Promise<PaymentResult> {
  const reason = `x402 payment ${settlement.transaction ?? ''} on ${settlement.network ?? ''}`.trim();
  try {
    const outcome = await creditPayment(deps.db, { agentId, amountMicro, paymentRef: ref, reason });
    if (outcome.credited) {
      deps.logger.info('x402 payment credited', { agent_id: agentId, amount_micro: amountMicro, payment_ref: ref, transaction: settlement.transaction ?? null });
      return { credited: true, amountMicro, balanceMicro: outcome.balanceMicro, settlement };
    }
    if (outcome.reason === 'no_agent') throw new Error('the paying agent no longer exists');
    return { credited: false, amountMicro: 0, balanceMicro: (await getBalanceMicro(deps.db, agentId)) ?? 0, settlement };
  } catch (err) {
    // Settled on chain but not credited: operators need the reference and transaction to credit by hand.
    deps.logger.error('x402 payment settled but not credited', { agent_id: agentId, payment_ref: ref, transaction: settlement.transaction ?? null, err });
    throw err;
  }
}
