import { z } from 'zod';
import { baseEnvSchema, parseEnv } from '@bej/config';

export const billingEnvSchema = baseEnvSchema.extend({
  /** How often queued rows of running jobs are re-delivered in case a start crashed between commit and enqueue. */
  BILLING_RECONCILE_INTERVAL_MS: z.coerce.number().int().positive().default(300_000),
  /** Seconds a completed batch's live hunt trail (it quotes lead values) stays for reconnecting streams; 0 removes it at once. */
  LIVE_TRAIL_GRACE_S: z.coerce.number().int().min(0).default(60),
});

export type BillingEnv = z.infer<typeof billingEnvSchema>;

export function loadBillingEnv(source: NodeJS.ProcessEnv = process.env): BillingEnv {
  return parseEnv(billingEnvSchema, source);
}
