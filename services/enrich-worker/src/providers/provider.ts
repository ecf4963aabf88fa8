import type { CanonicalLead, ResultGraph, RowVariant } from '@bej/leads';

/** Hunt progress for the owner's live row view (README "Hunts: providers and live progress"): pass started, tool progress, search tails. */
export interface HuntEvent {
  type: 'pass_started' | 'tool_progress' | 'search_tail' | 'pass_finished' | 'rate_limited';
  message: string;
}

/** What a hunt cost at its provider: stored per row (never in the CSV). */
export interface HuntUsage {
  model_calls: number;
  tool_calls: number;
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  /** As reported by the provider (OpenRouter usage accounting) or estimated from configured prices; null when unknown. */
  cost_usd: number | null;
}

export interface HuntRequest {
  lead: CanonicalLead;
  /** The row's search-variant values, tried only when the primary pass finds nothing. */
  variants: RowVariant[];
  onEvent?: (event: HuntEvent) => void;
  signal?: AbortSignal;
}

export interface HuntOutcome {
  matched: boolean;
  /** Which pass found the match; null when nothing was found. */
  pass: 'primary' | 'supplement' | null;
  /** The result graph without `input`, which the caller owns and prepends. */
  graph: Omit<ResultGraph, 'input'>;
  usage?: HuntUsage;
}

/** Something that hunts one lead. Errors propagate so the queue retries or fails the row visibly. */
export interface EnrichProvider {
  readonly name: string;
  hunt(request: HuntRequest): Promise<HuntOutcome>;
}

/** The graph of a hunt that found nothing: the row is credited back. */
export function emptyHuntGraph(toolTrace: unknown[] = []): Omit<ResultGraph, 'input'> {
  return { contacts: [], phones: [], emails: [], entities: [], confidence: 0, summary_markdown: null, tool_trace: toolTrace };
}
