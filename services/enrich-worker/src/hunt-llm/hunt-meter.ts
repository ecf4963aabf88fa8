import type { HuntUsage } from '../providers/provider.ts';

export interface MeterLimits {
  maxCostUsd: number;
  maxTokens: number;
  /** Used when the provider reports no cost: USD per million prompt / completion tokens (0 = unknown). */
  usdPerMillionPrompt: number;
  usdPerMillionCompletion: number;
}

/** Adds up one row's model calls and says when the per-row ceiling is reached. */
export class HuntMeter {
  readonly usage: HuntUsage = { model_calls: 0, tool_calls: 0, prompt_tokens: 0, completion_tokens: 0, total_tokens: 0, cost_usd: null };

  constructor(private readonly limits: MeterLimits) {}

  addCall(reported: { prompt_tokens?: number; completion_tokens?: number; total_tokens?: number; cost?: unknown } | undefined): void {
    const u = this.usage;
    u.model_calls += 1;
    const prompt = finite(reported?.prompt_tokens);
    const completion = finite(reported?.completion_tokens);
    u.prompt_tokens += prompt;
    u.completion_tokens += completion;
    u.total_tokens += finite(reported?.total_tokens) || prompt + completion;
    const priced = this.limits.usdPerMillionPrompt > 0 || this.limits.usdPerMillionCompletion > 0;
    const cost =
      typeof reported?.cost === 'number' && Number.isFinite(reported.cost)
        ? reported.cost
        : priced
          ? (prompt * this.limits.usdPerMillionPrompt + completion * this.limits.usdPerMillionCompletion) / 1e6
          : null;
    if (cost !== null) u.cost_usd = Math.round(((u.cost_usd ?? 0) + cost) * 1e6) / 1e6;
  }

  addToolCalls(n: number): void {
    this.usage.tool_calls += n;
  }

  /** Null while the row may spend more; else why it may not. */
  exhausted(): string | null {
    if (this.usage.cost_usd !== null && this.usage.cost_usd >= this.limits.maxCostUsd) return `cost ceiling of ${this.limits.maxCostUsd} USD reached`;
    if (this.usage.total_tokens >= this.limits.maxTokens) return `token ceiling of ${this.limits.maxTokens} reached`;
    return null;
  }

  snapshot(): HuntUsage {
    return { ...this.usage };
  }
}

function finite(n: unknown): number {
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : 0;
}
