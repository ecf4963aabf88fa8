import { Counter } from 'prom-client';
import { processRegistry } from './metrics-registry.ts';

const registers = [processRegistry()];

/** Labels are the purpose and the configured model name: never a prompt, a header or a key. */
export const llmCalls = new Counter({
  name: 'bej_llm_calls_total',
  help: 'LLM calls by purpose, model and outcome (ok, http_4xx, http_5xx, http_429, connection)',
  labelNames: ['purpose', 'model', 'outcome'] as const,
  registers,
});

export const llmTokens = new Counter({
  name: 'bej_llm_tokens_total',
  help: 'LLM tokens reported by the provider, by purpose, model and kind (prompt, completion)',
  labelNames: ['purpose', 'model', 'kind'] as const,
  registers,
});

export type LlmPurpose = 'mapping' | 'enrich';

/** One call: `usage` as the OpenAI-compatible response reports it, `error` when the call threw. */
export function recordLlmCall(purpose: LlmPurpose, model: string, result: { usage?: { prompt_tokens?: number; completion_tokens?: number } | null } | { error: unknown }): void {
  if ('error' in result) {
    const status = (result.error as { status?: unknown }).status;
    const outcome = typeof status === 'number' ? (status === 429 ? 'http_429' : `http_${Math.floor(status / 100)}xx`) : 'connection';
    llmCalls.inc({ purpose, model, outcome });
    return;
  }
  llmCalls.inc({ purpose, model, outcome: 'ok' });
  const usage = result.usage;
  if (usage?.prompt_tokens) llmTokens.inc({ purpose, model, kind: 'prompt' }, usage.prompt_tokens);
  if (usage?.completion_tokens) llmTokens.inc({ purpose, model, kind: 'completion' }, usage.completion_tokens);
}

/** A whole conversation's usage at once (a hunt's tool loop reports its calls and tokens together). */
export function recordLlmUsage(purpose: LlmPurpose, model: string, usage: { model_calls: number; prompt_tokens: number; completion_tokens: number }): void {
  if (usage.model_calls > 0) llmCalls.inc({ purpose, model, outcome: 'ok' }, usage.model_calls);
  if (usage.prompt_tokens > 0) llmTokens.inc({ purpose, model, kind: 'prompt' }, usage.prompt_tokens);
  if (usage.completion_tokens > 0) llmTokens.inc({ purpose, model, kind: 'completion' }, usage.completion_tokens);
}
