import { z } from 'zod';
import { baseEnvSchema, booleanFlag, portNumber, parseEnv } from '@bej/config';

export const billingEnvSchema = baseEnvSchema.extend({
  /** How often the reconciler compares PostgreSQL with the queue and re-delivers what is missing. */
  RECONCILE_INTERVAL_MS: z.coerce.number().int().min(100).default(10_000),
  /** A running job with no finished row for this long gets each queued row's delivery checked in full. */
  RECONCILE_STALL_MS: z.coerce.number().int().min(1_000).default(60_000),
  /** `1` lets callbacks reach loopback and private addresses (tests, on-premises receivers). */
  CALLBACK_ALLOW_PRIVATE: booleanFlag(false),
  /** Attempts per callback (exponential backoff between them); at least 5. */
  CALLBACK_MAX_ATTEMPTS: z.coerce.number().int().min(5).max(30).default(10),
  /** First retry delay; each later one doubles (5 s, 10 s, 20 s, ... about 43 minutes over 10 attempts). */
  CALLBACK_RETRY_DELAY_MS: z.coerce.number().int().positive().default(5000),
  /** How long one attempt waits for the receiver's answer. */
  CALLBACK_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /** How often the outbox is read for callbacks not yet queued (a notification from the trigger wakes it sooner). */
  CALLBACK_RELAY_INTERVAL_MS: z.coerce.number().int().positive().default(1000),
  /** Seconds a completed batch's live hunt trail (it quotes lead values) stays for reconnecting streams; 0 removes it at once. */
  LIVE_TRAIL_GRACE_S: z.coerce.number().int().min(0).default(60),
  /** /healthz, /readyz and /metrics of this service (0 = any free port). */
  HEALTH_PORT: portNumber(8083),
});

export type BillingEnv = z.infer<typeof billingEnvSchema>;

export function loadBillingEnv(source: NodeJS.ProcessEnv = process.env): BillingEnv {
  return parseEnv(billingEnvSchema, source);
}
