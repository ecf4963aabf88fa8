import { z } from 'zod';
import { baseEnvSchema, booleanFlag, parseEnv } from '@bej/config';
import { parseRateLimit, type RateLimitRule } from './http/rate-limit.ts';

const rateLimitRule = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value, ctx): RateLimitRule => {
      const rule = parseRateLimit(value);
      if (typeof rule === 'string') {
        ctx.addIssue({ code: 'custom', message: rule });
        return z.NEVER;
      }
      return rule;
    });

/** Express "trust proxy": unset trusts no proxy (req.ip is the socket's peer); a hop count or a list of addresses/subnets. */
const trustProxy = z
  .string()
  .optional()
  .transform((value): boolean | number | string => {
    if (value === undefined || value.trim() === '' || value.trim() === '0' || value.trim() === 'false') return false;
    return /^\d+$/.test(value.trim()) ? Number(value.trim()) : value.trim();
  });

export const uploadApiEnvSchema = baseEnvSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  ADMIN_TOKEN: z.string().min(1).optional(),
  /** `1` lets the admin token act on /admin/queues (retry, promote, clean, remove); otherwise the board is read-only. */
  ADMIN_QUEUE_ACTIONS: booleanFlag(false),
  BATCH_ENRICH_MAX_ROWS: z.coerce.number().int().positive().default(10_000),
  BATCH_ENRICH_MAX_UPLOAD_BYTES: z.coerce.number().int().positive().default(5_242_880),
  /** Fields in any one line of an upload (header included); more is refused while reading. */
  BATCH_ENRICH_MAX_COLUMNS: z.coerce.number().int().positive().default(2_000),
  /** Characters in any one field of an upload (a spreadsheet cell holds at most 32,767). */
  BATCH_ENRICH_MAX_FIELD_CHARS: z.coerce.number().int().positive().default(65_536),
  BATCH_ENRICH_LLM_MAP_ENABLED: booleanFlag(true),
  OPENROUTER_API_KEY: z.string().min(1).optional(),
  BATCH_ENRICH_LLM_PREVIEW_ROWS: z.coerce.number().int().positive().default(10),
  /** The whole budget of a mapping request: the upload waits this long, the mapper's LLM step ends before it (README). */
  MAPPER_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  /** `1` lets callback_url point at loopback and private addresses (tests, on-premises receivers). */
  CALLBACK_ALLOW_PRIVATE: booleanFlag(false),
  /** Agents minted per client address. */
  RATE_LIMIT_AGENT_MINT: rateLimitRule('20/1h'),
  /** Uploads per agent (bearer) or per client address (anonymous). */
  RATE_LIMIT_UPLOAD: rateLimitRule('30/1m'),
  /** Rejected credentials per client address before its credentialed requests get 429 for the rest of the window. */
  RATE_LIMIT_AUTH_FAILURES: rateLimitRule('20/5m'),
  TRUST_PROXY: trustProxy,
  /** Comment frames on idle event streams, so proxies and clients see the connection alive. */
  LIVE_HEARTBEAT_MS: z.coerce.number().int().min(100).default(15_000),
  /** How often watched jobs are re-read even without row events (start, resume, pause happen elsewhere). */
  LIVE_JOB_REFRESH_MS: z.coerce.number().int().min(100).default(2_000),
  /** An identical lead matched by the same agent within this many days is reused at no charge (`dedupe`). */
  BATCH_ENRICH_REUSE_DAYS: z.coerce.number().int().min(0).max(3650).default(30),
  /** x402 wallet payments are on only when this receiving address is set. */
  X402_PAY_TO: z.string().min(1).optional(),
  X402_FACILITATOR_URL: z.string().url().default('https://x402.org/facilitator'),
  /** CAIP-2 network id; the default is Base Sepolia (a test network), so nothing real moves by accident. */
  X402_NETWORK: z.string().min(1).default('eip155:84532'),
  /** A USD stablecoin with 6 decimals (1 atomic unit = 1 micro-dollar); the default is USDC on Base Sepolia. */
  X402_ASSET: z.string().min(1).default('0x036CbD53842c5426634e7929541eC2318f3dCF7e'),
  /** EIP-712 domain of the asset (name, version) that "exact" EVM payments sign against. */
  X402_ASSET_NAME: z.string().min(1).default('USDC'),
  X402_ASSET_VERSION: z.string().min(1).default('2'),
  X402_FACILITATOR_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
});

export type UploadApiEnv = z.infer<typeof uploadApiEnvSchema>;

export function loadUploadApiEnv(source: NodeJS.ProcessEnv = process.env): UploadApiEnv {
  return parseEnv(uploadApiEnvSchema, source);
}
