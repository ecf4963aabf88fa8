import { setTimeout as sleep } from 'node:timers/promises';
import { jsonFromText, parseGraphAnswer } from './graph-answer.ts';
import { runHuntPasses, type PassResult } from './hunt-passes.ts';
import { ProviderAnswerError, ProviderFaultError, ProviderRateLimitError, retryAfterFrom } from './provider-errors.ts';
import type { EnrichProvider, HuntEvent, HuntUsage } from './provider.ts';

interface HttpProviderOptions {
  url: string;
  token: string | null;
  timeoutMs: number;
  maxAttempts: number;
  backoffMs: number;
  defaultRateLimitMs: number;
  maxRateLimitMs: number;
}

/**
 * A customer's own data vendor: each pass POSTs `{pass, lead, search_variants}` as JSON with
 * the bearer, and expects the result graph back (same part-by-part validation as the LLM).
 * A vendor may add `events: [{type?, message}]` to its answer; they show in the live view.
 */
export function createHttpProvider(options: HttpProviderOptions): EnrichProvider {
  async function post(body: unknown, emit: (e: HuntEvent) => void, usage: HuntUsage, signal?: AbortSignal): Promise<unknown> {
    let lastReason = 'no attempt';
    for (let attempt = 1; attempt <= options.maxAttempts; attempt++) {
      const callSignal = signal ? AbortSignal.any([signal, AbortSignal.timeout(options.timeoutMs)]) : AbortSignal.timeout(options.timeoutMs);
      try {
        usage.model_calls += 1;
        const res = await fetch(options.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json', ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) },
          body: JSON.stringify(body),
          signal: callSignal,
        });
        const text = await res.text();
        if (res.status === 429) {
          const wait = retryAfterFrom(res.headers) ?? options.defaultRateLimitMs;
          throw new ProviderRateLimitError(Math.min(Math.max(wait, 1), options.maxRateLimitMs), 'vendor rate limited (429)');
        }
        if (res.status >= 500) lastReason = `vendor answered ${res.status}`;
        else if (res.status >= 400) throw new ProviderAnswerError(`vendor refused the request (${res.status})`, { ...usage });
        else return jsonFromText(text);
      } catch (err) {
        if (err instanceof ProviderRateLimitError || err instanceof ProviderAnswerError) throw err;
        if (signal?.aborted) throw err;
        lastReason = (err as Error).name === 'TimeoutError' ? `timed out after ${options.timeoutMs} ms` : `connection failed (${(err as Error).message})`;
      }
      emit({ type: 'tool_progress', message: `Vendor call ${attempt} failed: ${lastReason}` });
      if (attempt < options.maxAttempts) await sleep(options.backoffMs * 2 ** (attempt - 1), undefined, { signal });
    }
    throw new ProviderFaultError(`${lastReason} (${options.maxAttempts} attempts)`, { ...usage });
  }

  return {
    name: 'http',
    async hunt(request) {
      const usage: HuntUsage = { model_calls: 0, tool_calls: 0, prompt_tokens: 0, completion_tokens: 0, total_tokens: 0, cost_usd: null };
      return runHuntPasses(
        request,
        async (pass, lead, variants, emit): Promise<PassResult> => {
          emit({ type: 'tool_progress', message: `POST to the vendor (${pass} pass)` });
          const raw = await post({ pass, lead, search_variants: variants.map((v) => (v.set === undefined ? { kind: v.kind, header: v.header, value: v.value } : { kind: v.kind, header: v.header, value: v.value, set: v.set })) }, emit, usage, request.signal);
          vendorEvents(raw, emit);
          const answer = parseGraphAnswer(raw);
          if (!answer) throw new ProviderAnswerError('the vendor did not answer with a result graph', { ...usage });
          const cost = (raw as { cost_usd?: unknown }).cost_usd;
          if (typeof cost === 'number' && Number.isFinite(cost)) usage.cost_usd = (usage.cost_usd ?? 0) + cost;
          return { answer, trace: [{ call: 'POST', problems: answer.problems }], stop: null };
        },
        () => ({ ...usage }),
      );
    },
  };
}

function vendorEvents(raw: unknown, emit: (e: HuntEvent) => void): void {
  const events = raw && typeof raw === 'object' ? (raw as { events?: unknown }).events : undefined;
  if (!Array.isArray(events)) return;
  for (const event of events.slice(0, 50)) {
    const message = (event as { message?: unknown })?.message;
    const type = (event as { type?: unknown })?.type === 'search_tail' ? 'search_tail' : 'tool_progress';
    if (typeof message === 'string' && message.trim() !== '') emit({ type, message: `vendor: ${message}` });
  }
}
