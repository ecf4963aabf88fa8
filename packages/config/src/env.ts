import { z } from 'zod';

/** `1`/`true`/`yes` → true, `0`/`false`/`no`/empty → false. */
export const booleanFlag = (fallback: boolean) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value.trim() === '') return fallback;
      const v = value.trim().toLowerCase();
      if (['1', 'true', 'yes', 'on'].includes(v)) return true;
      if (['0', 'false', 'no', 'off'].includes(v)) return false;
      ctx.addIssue({ code: 'custom', message: `expected 0 or 1, got "${value}"` });
      return z.NEVER;
    });

/** A TCP port; 0 picks a free one (tests). */
export const portNumber = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

const positiveNumber = (fallback: number) => z.coerce.number().positive().default(fallback);

/** Environment every service understands (README "Configuration"). Service env.ts files extend it. */
export const baseEnvSchema = z.object({
  DATABASE_URL: z.string().url().default('postgresql://postgres@127.0.0.1:5432/batch_enrich'),
  REDIS_URL: z.string().default('redis://127.0.0.1:6379'),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only')
    .default('bej'),
  LOG_LEVEL: z.enum(['error', 'warn', 'info', 'debug']).default('info'),
  BATCH_ENRICH_ROW_PRICE_USD: positiveNumber(0.25),
  BATCH_ENRICH_MIN_BALANCE_USD: z.coerce.number().min(0).default(10),
});
export type BaseEnv = z.infer<typeof baseEnvSchema>;

/** Parses `source` once at start-up; a bad value stops the process with every problem listed. */
export function parseEnv<S extends z.ZodType>(schema: S, source: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const cleaned: Record<string, string> = {};
  for (const [key, value] of Object.entries(source)) {
    // An empty variable means "use the default", as in most twelve-factor tools.
    if (value !== undefined && value !== '') cleaned[key] = value;
  }
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid environment: ${problems}`);
  }
  return result.data;
}
