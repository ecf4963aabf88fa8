import { z } from 'zod';
import { baseEnvSchema, portNumber, parseEnv } from '@bej/config';

export const billingEnvSchema = baseEnvSchema.extend({
  /** How often queued rows of running jobs are re-delivered in case a start crashed between commit and enqueue. */
  BILLING_RECONCILE_INTERVAL_MS: z.coerce.number().int().positive().default(300_000),
  /** Seconds a completed batch's live hunt trail (it quotes lead values) stays for reconnecting streams; 0 removes it at once. */
  LIVE_TRAIL_GRACE_S: z.coerce.number().int().min(0).default(60),
  /** /healthz, /readyz and /metrics of this service (0 = any free port). */
  HEALTH_PORT: portNumber(8083),
});

export type BillingEnv = z.infer<typeof billingEnvSchema>;

export function loadBillingEnv(source: NodeJS.ProcessEnv = process.env): BillingEnv {
  return parseEnv(billingEnvSchema, source);
}
