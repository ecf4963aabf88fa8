import { setTimeout as sleep } from 'node:timers/promises';
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import type { ChatCompletion, ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import { ProviderAnswerError, ProviderFaultError, ProviderRateLimitError, retryAfterFrom } from '../providers/provider-errors.ts';
import type { HuntMeter } from './hunt-meter.ts';

interface ModelClientOptions {
  apiKey: string;
  baseURL: string;
  /** Per call. */
  timeoutMs: number;
  /** Calls per model request before the row's hunt gives up (timeouts, 5xx, dropped connections). */
  maxAttempts: number;
  backoffMs: number;
  /** Used when a 429 carries no Retry-After. */
  defaultRateLimitMs: number;
  maxRateLimitMs: number;
  /** OpenRouter extensions sent with every call (usage accounting, the web plugin). */
  extraBody: Record<string, unknown>;
}

type ChatRequest = Omit<ChatCompletionCreateParamsNonStreaming, 'stream'>;

/**
 * One chat completion with bounded retries. A 429 is not retried here: it throws
 * ProviderRateLimitError so the whole worker slows down instead of every row hammering on.
 */
export function createModelClient(options: ModelClientOptions) {
  // The SDK's own retries would multiply with ours and hide the attempt count; we own the loop.
  const openai = new OpenAI({ apiKey: options.apiKey, baseURL: options.baseURL, timeout: options.timeoutMs, maxRetries: 0 });

  return async function complete(request: ChatRequest, meter: HuntMeter, signal?: AbortSignal): Promise<ChatCompletion> {
    let lastReason = 'no attempt';
    for (let attempt = 1; attempt <= options.maxAttempts; attempt++) {
      try {
        const completion = await openai.chat.completions.create({ ...request, ...options.extraBody, stream: false } as ChatCompletionCreateParamsNonStreaming, { signal });
        if (!completion || typeof completion !== 'object' || !Array.isArray(completion.choices)) {
          meter.addCall(undefined);
          throw new ProviderAnswerError('the model answered something that is not a chat completion', meter.snapshot());
        }
        meter.addCall(completion.usage as Parameters<HuntMeter['addCall']>[0]);
        return completion;
      } catch (err) {
        if (err instanceof ProviderAnswerError) throw err;
        if (err instanceof APIError && err.status === 429) {
          const wait = retryAfterFrom(err.headers) ?? options.defaultRateLimitMs;
          throw new ProviderRateLimitError(Math.min(Math.max(wait, 1), options.maxRateLimitMs), 'model rate limited (429)');
        }
        if (err instanceof APIConnectionTimeoutError) lastReason = `timed out after ${options.timeoutMs} ms`;
        else if (err instanceof APIConnectionError) lastReason = 'connection failed';
        else if (err instanceof APIError && typeof err.status === 'number' && err.status >= 500) lastReason = `model answered ${err.status}`;
        else if (err instanceof APIError && typeof err.status === 'number') {
          throw new ProviderAnswerError(`model refused the request (${err.status})`, meter.snapshot());
        } else if (err instanceof SyntaxError) {
          throw new ProviderAnswerError('the model answered something that is not JSON', meter.snapshot());
        } else throw err;
        if (attempt < options.maxAttempts) await sleep(options.backoffMs * 2 ** (attempt - 1), undefined, { signal });
      }
    }
    throw new ProviderFaultError(`${lastReason} (${options.maxAttempts} attempts)`, meter.snapshot());
  };
}

export type CompleteChat = ReturnType<typeof createModelClient>;
