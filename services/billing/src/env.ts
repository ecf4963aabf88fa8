import { z } from 'zod';
import { baseEnvSchema, parseEnv } from '@bej/config';

export const billingEnvSchema = baseEnvSchema.extend({
  /** How often the reconciler compares PostgreSQL with the queue and re-delivers what is missing. */
  RECONCILE_INTERVAL_MS: z.coerce.number().int().min(100).default(10_000),
  /** A running job with no finished row for this long gets each queued row's delivery checked in full. */
  RECONCILE_STALL_MS: z.coerce.number().int().min(1_000).default(60_000),
  /** Seconds a completed batch's live hunt trail (it quotes lead values) stays for reconnecting streams; 0 removes it at once. */
  LIVE_TRAIL_GRACE_S: z.coerce.number().int().min(0).default(60),
});

export type BillingEnv = z.infer<typeof billingEnvSchema>;

export function loadBillingEnv(source: NodeJS.ProcessEnv = process.env): BillingEnv {
  return parseEnv(billingEnvSchema, source);
}
