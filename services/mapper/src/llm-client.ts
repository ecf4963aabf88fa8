import type OpenAI from 'openai';
import type { MappingDecision } from '@bej/leads';
import { recordLlmCall } from '@bej/ops';
import { parseMappingAnswer, type AnswerMessage } from './llm-answer.ts';
import { logSafeProblems } from './log-safe-problems.ts';
import { SUBMIT_MAPPING_TOOL_DEFINITION, buildMappingMessages } from './llm-prompt.ts';
import type { MapperLogger } from './mapper.types.ts';
import type { MapperEnv } from './env.ts';

export interface LlmMappingClient {
  /**
   * One mapping request (with bounded transport retries); null when no valid answer came back.
   * With `deadlineAt` (epoch ms) every attempt, backoff included, ends by then: an attempt gets
   * what is left of the budget at most, and no attempt starts without `MIN_ATTEMPT_MS` left.
   */
  inferMapping(headers: string[], sampleRows: string[][], budget?: { deadlineAt?: number }): Promise<MappingDecision | null>;
}

/** An attempt with less time than this left would only time out: the budget counts as spent. */
const MIN_ATTEMPT_MS = 250;

export interface LlmClientOptions {
  apiKey: string;
  baseURL: string;
  model: string;
  /** Per attempt. */
  timeoutMs: number;
  /** BATCH_ENRICH_LLM_PREVIEW_ROWS: the defensive cap on sample rows. */
  previewRows: number;
  logger: MapperLogger;
  maxAttempts?: number;
  /** First backoff; doubles per attempt. */
  backoffMs?: number;
  /** A server asking for a longer pause than this is not worth waiting for on an upload's request path. */
  maxRetryAfterMs?: number;
}

type AttemptOutcome =
  | { kind: 'answer'; message: AnswerMessage | undefined }
  | { kind: 'retry'; reason: string; waitMs: number | null }
  | { kind: 'fail'; reason: string };

/** Null when the LLM step is off (disabled, or no key): callers go straight to the heuristics. */
export function llmClientFromEnv(env: MapperEnv, logger: MapperLogger): LlmMappingClient | null {
  if (!env.BATCH_ENRICH_LLM_MAP_ENABLED || !env.OPENROUTER_API_KEY) return null;
  return createLlmClient({
    apiKey: env.OPENROUTER_API_KEY,
    baseURL: env.OPENROUTER_BASE_URL,
    model: env.BATCH_ENRICH_LLM_MAP_MODEL,
    timeoutMs: env.MAPPER_LLM_TIMEOUT_MS,
    previewRows: env.BATCH_ENRICH_LLM_PREVIEW_ROWS,
    logger,
  });
}

type OpenAiSdk = typeof import('openai');
let sdk: Promise<OpenAiSdk> | null = null;
/** The SDK is loaded on the first call, so a mapper with the LLM step off never carries it in memory. */
const loadSdk = () => (sdk ??= import('openai'));

export function createLlmClient(options: LlmClientOptions): LlmMappingClient {
  const { logger, model } = options;
  const maxAttempts = options.maxAttempts ?? 3;
  const backoffMs = options.backoffMs ?? 250;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 5_000;
  // The SDK's own retries would multiply with ours and hide the attempt count; we own the loop.
  let openai: OpenAI | null = null;

  async function attempt(headers: string[], sampleRows: string[][], timeoutMs: number): Promise<AttemptOutcome> {
    const loaded = await loadSdk();
    openai ??= new loaded.default({ apiKey: options.apiKey, baseURL: options.baseURL, timeout: options.timeoutMs, maxRetries: 0 });
    try {
      const completion = await openai.chat.completions.create(
        {
          model,
          messages: buildMappingMessages(headers, sampleRows),
          response_format: { type: 'json_object' },
          tools: [SUBMIT_MAPPING_TOOL_DEFINITION],
          temperature: 0,
        },
        { timeout: timeoutMs },
      );
      recordLlmCall('mapping', model, { usage: completion.usage });
      return { kind: 'answer', message: completion.choices[0]?.message as AnswerMessage | undefined };
    } catch (err) {
      recordLlmCall('mapping', model, { error: err });
      return classify(err, loaded, maxRetryAfterMs);
    }
  }

  return {
    async inferMapping(headers, sampleRows, budget = {}) {
      const rows = sampleRows.slice(0, Math.max(0, options.previewRows));
      const left = () => (budget.deadlineAt === undefined ? Infinity : budget.deadlineAt - Date.now());
      for (let n = 1; n <= maxAttempts; n++) {
        if (left() < MIN_ATTEMPT_MS) {
          logger.warn('llm mapping budget spent', { model, attempts: n - 1, left_ms: Math.max(0, Math.round(left())) });
          return null;
        }
        const outcome = await attempt(headers, rows, Math.min(options.timeoutMs, left()));
        if (outcome.kind === 'answer') {
          const parsed = parseMappingAnswer(headers, outcome.message);
          if (parsed.ok) {
            logger.info('llm mapping accepted', {
              model,
              attempt: n,
              fields: Object.keys(parsed.decision.columns).length,
              ...(parsed.dropped.length > 0 ? { dropped_parts: parsed.dropped } : {}),
            });
            return parsed.decision;
          }
          // A wrong answer is not a transport fault: asking again costs another call and rarely helps.
          logger.warn('llm mapping rejected', { model, attempt: n, problems: logSafeProblems(parsed.problems, headers) });
          return null;
        }
        if (outcome.kind === 'fail') {
          logger.warn('llm mapping call failed', { model, attempt: n, reason: outcome.reason });
          return null;
        }
        if (n === maxAttempts) {
          logger.warn('llm mapping gave up after retries', { model, attempts: n, reason: outcome.reason });
          return null;
        }
        const waitMs = outcome.waitMs ?? backoffMs * 2 ** (n - 1);
        if (left() - waitMs < MIN_ATTEMPT_MS) {
          logger.warn('llm mapping gave up: no budget left for another attempt', { model, attempts: n, reason: outcome.reason, wait_ms: waitMs });
          return null;
        }
        logger.info('llm mapping call will be retried', { model, attempt: n, reason: outcome.reason, wait_ms: waitMs });
        await sleep(waitMs);
      }
      return null;
    },
  };
}

/** Timeouts, rate limits, server errors and dropped connections are worth another try; other 4xx are not. */
function classify(err: unknown, { APIConnectionError, APIError }: OpenAiSdk, maxRetryAfterMs: number): AttemptOutcome {
  if (err instanceof APIConnectionError) return { kind: 'retry', reason: err.constructor.name, waitMs: null };
  if (err instanceof APIError && typeof err.status === 'number') {
    const reason = `http ${err.status}`;
    if (err.status === 429 || err.status >= 500) {
      return { kind: 'retry', reason, waitMs: retryAfterMs(err.headers, maxRetryAfterMs) };
    }
    return { kind: 'fail', reason };
  }
  // Not an API error at all (a bug, a bad SDK state): let the job fail visibly rather than fall back silently.
  throw err;
}

/** Honours `retry-after-ms`, `retry-after` seconds or an HTTP date, capped; null means "use our backoff". */
export function retryAfterMs(headers: Headers | undefined, capMs: number): number | null {
  const ms = Number(headers?.get('retry-after-ms'));
  if (headers?.get('retry-after-ms') && Number.isFinite(ms) && ms >= 0) return Math.min(ms, capMs);
  const value = headers?.get('retry-after');
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, capMs);
  const date = Date.parse(value);
  if (Number.isNaN(date)) return null;
  return Math.min(Math.max(0, date - Date.now()), capMs);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
