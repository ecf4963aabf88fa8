import { createHash } from 'node:crypto';
import { z } from 'zod';
import { stableJson } from '../stable-json.ts';

/**
 * The server side of x402 (https://github.com/coinbase/x402, specs/x402-specification-v2.md and
 * transports-v2/http.md). Requirements carry both the v2 field names (`amount`, a top-level
 * `resource` object, header `PAYMENT-REQUIRED`) and the v1 ones (`maxAmountRequired`, `resource`
 * URL per requirement), so clients of either version can pay; payments are read from
 * `PAYMENT-SIGNATURE` (v2) or `X-PAYMENT` (v1).
 */
const X402_VERSION = 2;

export interface X402Config {
  payTo: string;
  facilitatorUrl: string;
  network: string;
  asset: string;
  assetName: string;
  assetVersion: string;
  timeoutMs: number;
}

export interface PaymentRequirements {
  scheme: 'exact';
  network: string;
  /** Atomic units of the asset (6 decimals: one unit is one micro-dollar). */
  amount: string;
  maxAmountRequired: string;
  asset: string;
  payTo: string;
  resource: string;
  description: string;
  mimeType: string;
  maxTimeoutSeconds: number;
  extra: { name: string; version: string };
}

export function paymentRequirements(config: X402Config, amountMicro: number, resourceUrl: string, description: string): PaymentRequirements {
  const amount = String(amountMicro);
  return {
    scheme: 'exact',
    network: config.network,
    amount,
    maxAmountRequired: amount,
    asset: config.asset,
    payTo: config.payTo,
    resource: resourceUrl,
    description,
    mimeType: 'application/json',
    maxTimeoutSeconds: 300,
    extra: { name: config.assetName, version: config.assetVersion },
  };
}

/**
 * The requirements in the shape of the payer's protocol version, as the facilitator receives
 * them: v2 (`amount`, no per-requirement resource) or v1 (`maxAmountRequired`, resource URL).
 */
export function requirementsFor(version: number, r: PaymentRequirements): Record<string, unknown> {
  const { scheme, network, asset, payTo, maxTimeoutSeconds, extra } = r;
  if (version === 1) {
    return { scheme, network, maxAmountRequired: r.maxAmountRequired, resource: r.resource, description: r.description, mimeType: r.mimeType, payTo, maxTimeoutSeconds, asset, extra };
  }
  return { scheme, network, amount: r.amount, asset, payTo, maxTimeoutSeconds, extra };
}

/** The PaymentRequired object: body fields of a 402 and, base64-encoded, its PAYMENT-REQUIRED header. */
export function paymentRequired(requirements: PaymentRequirements, error: string) {
  const body = {
    x402Version: X402_VERSION,
    resource: { url: requirements.resource, description: requirements.description, mimeType: requirements.mimeType },
    accepts: [requirements],
  };
  return { body, headers: { 'PAYMENT-REQUIRED': encodeHeader({ ...body, error }) } };
}

const paymentPayloadSchema = z
  .object({
    x402Version: z.number().int(),
    scheme: z.string().optional(),
    network: z.string().optional(),
    accepted: z.object({ amount: z.string().optional(), payTo: z.string().optional(), asset: z.string().optional(), network: z.string().optional() }).passthrough().optional(),
    payload: z.record(z.string(), z.unknown()),
  })
  .passthrough();

export type PaymentPayload = z.infer<typeof paymentPayloadSchema>;

export const PAYMENT_HEADERS = ['payment-signature', 'x-payment'] as const;

export function encodeHeader(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64');
}

/** Decodes a payment header; null when it is not base64 JSON of a PaymentPayload. */
export function decodePaymentHeader(header: string): PaymentPayload | null {
  try {
    const parsed = paymentPayloadSchema.safeParse(JSON.parse(Buffer.from(header.trim(), 'base64').toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch (err) {
    if (err instanceof SyntaxError) return null;
    throw err;
  }
}

/** The amount the payer signed for, in atomic units, when the payload says it (v2 `accepted`, or an EVM authorization). */
export function signedAmount(payment: PaymentPayload): bigint | null {
  const authorization = payment.payload.authorization as { value?: unknown } | undefined;
  const raw = payment.accepted?.amount ?? (typeof authorization?.value === 'string' ? authorization.value : undefined);
  return raw !== undefined && /^\d{1,30}$/.test(raw) ? BigInt(raw) : null;
}

/**
 * One key per payment: the hash of the network and the signed scheme payload (for EVM "exact"
 * that holds the authorization's nonce), whatever the JSON key order. A replay has the same key.
 */
export function paymentRef(payment: PaymentPayload): string {
  const network = payment.accepted?.network ?? payment.network ?? '';
  return `x402:${createHash('sha256').update(stableJson({ network, payload: payment.payload })).digest('hex')}`;
}
