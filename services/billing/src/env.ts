import { z } from 'zod';
import { baseEnvSchema, parseEnv } from '@bej/config';

export const billingEnvSchema = baseEnvSchema.extend({
  /** How often queued rows of running jobs are re-delivered in case a start crashed between commit and enqueue. */
  BILLING_RECONCILE_INTERVAL_MS: z.coerce.number().int().positive().default(300_000),
});

export type BillingEnv = z.infer<typeof billingEnvSchema>;

export function loadBillingEnv(source: NodeJS.ProcessEnv = process.env): BillingEnv {
  return parseEnv(billingEnvSchema, source);
}
