import { z } from 'zod';
import { requirementsFor, type PaymentPayload, type PaymentRequirements, type X402Config } from './x402-protocol.ts';

const verifyResponseSchema = z.object({ isValid: z.boolean(), invalidReason: z.string().nullish(), payer: z.string().nullish() }).passthrough();
const settleResponseSchema = z
  .object({
    success: z.boolean(),
    errorReason: z.string().nullish(),
    transaction: z.string().nullish(),
    network: z.string().nullish(),
    payer: z.string().nullish(),
    amount: z.string().nullish(),
  })
  .passthrough();

type VerifyResponse = z.infer<typeof verifyResponseSchema>;
export type SettleResponse = z.infer<typeof settleResponseSchema>;

/** The facilitator could not be asked (network, timeout, an answer that is not the protocol's). */
export class FacilitatorUnavailable extends Error {}

/**
 * POST /verify and /settle of an x402 facilitator (x402 specification v2, section 7). A facilitator may answer a
 * refusal with a 4xx and the protocol body; only an unreadable answer counts as unavailable.
 */
export class FacilitatorClient {
  constructor(private readonly config: X402Config) {}

  verify(payment: PaymentPayload, requirements: PaymentRequirements): Promise<VerifyResponse> {
    return this.call('verify', payment, requirements, verifyResponseSchema);
  }

  settle(payment: PaymentPayload, requirements: PaymentRequirements): Promise<SettleResponse> {
    return this.call('settle', payment, requirements, settleResponseSchema);
  }

  private async call<T>(op: 'verify' | 'settle', payment: PaymentPayload, requirements: PaymentRequirements, schema: z.ZodType<T>): Promise<T> {
    const url = `${this.config.facilitatorUrl.replace(/\/+$/, '')}/${op}`;
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          x402Version: payment.x402Version,
          paymentPayload: payment,
          paymentRequirements: requirementsFor(payment.x402Version, requirements),
        }),
        signal: AbortSignal.timeout(this.config.timeoutMs),
      });
    } catch (err) {
      throw new FacilitatorUnavailable(`facilitator ${op} unreachable: ${(err as Error).message}`);
    }
    const text = await res.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (err) {
      throw new FacilitatorUnavailable(`facilitator ${op} answered ${res.status} without JSON (${(err as Error).message})`);
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw new FacilitatorUnavailable(`facilitator ${op} answered ${res.status} with an unexpected body`);
    return parsed.data;
  }
}
