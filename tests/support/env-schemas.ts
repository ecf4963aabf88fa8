import type { z } from 'zod';
import { baseEnvSchema } from '@bej/config';
import { billingEnvSchema } from '../../services/billing/src/env.ts';
import { enrichWorkerEnvSchema } from '../../services/enrich-worker/src/env.ts';
import { mapperEnvSchema } from '../../services/mapper/src/env.ts';
import { uploadApiEnvSchema } from '../../services/upload-api/src/env.ts';

type ObjectSchema = z.ZodObject<z.ZodRawShape>;

/** Every env schema, by the file that declares it (where a missing README row points to). */
export const envSchemas: Array<{ service: string; file: string; schema: ObjectSchema }> = [
  { service: 'all services', file: 'packages/config/src/env.ts', schema: baseEnvSchema as unknown as ObjectSchema },
  { service: 'upload-api', file: 'services/upload-api/src/env.ts', schema: uploadApiEnvSchema as unknown as ObjectSchema },
  { service: 'mapper', file: 'services/mapper/src/env.ts', schema: mapperEnvSchema as unknown as ObjectSchema },
  { service: 'enrich-worker', file: 'services/enrich-worker/src/env.ts', schema: enrichWorkerEnvSchema as unknown as ObjectSchema },
  { service: 'billing', file: 'services/billing/src/env.ts', schema: billingEnvSchema as unknown as ObjectSchema },
];

/** Set by npm itself, never by an operator. */
export const NOT_CONFIGURATION = new Set(['INIT_CWD']);

/** Variables one service's schema knows (its own and the shared ones). */
export function variablesOf(service: string): Set<string> {
  const entry = envSchemas.find((e) => e.service === service);
  if (!entry) throw new Error(`no env schema for ${service}`);
  return new Set(Object.keys(entry.schema.shape).filter((key) => !NOT_CONFIGURATION.has(key)));
}

/** The default a variable gets when unset, as an operator would type it (true → `1`); undefined when none. */
export function defaultOf(schema: ObjectSchema, key: string): string | undefined {
  const field = schema.shape[key] as z.ZodType;
  const parsed = field.safeParse(undefined);
  if (!parsed.success || parsed.data === undefined) return undefined;
  if (parsed.data === true) return '1';
  if (parsed.data === false) return '0';
  return typeof parsed.data === 'object' ? JSON.stringify(parsed.data) : String(parsed.data);
}
