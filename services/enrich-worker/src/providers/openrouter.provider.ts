import type { ChatCompletionMessage, ChatCompletionMessageParam, ChatCompletionMessageToolCall, ChatCompletionTool } from 'openai/resources/chat/completions';
import type { CanonicalLead, RowVariant } from '@bej/leads';
import { GARBAGE_NUDGE, HUNT_TOOLS, SUBMIT_RESULT_TOOL, passMessages } from '../hunt-llm/hunt-prompt.ts';
import { HuntMeter, type MeterLimits } from '../hunt-llm/hunt-meter.ts';
import type { CompleteChat } from '../hunt-llm/model-client.ts';
import type { SearchBackend } from '../hunt-llm/search-backend.ts';
import { runToolCall } from '../hunt-llm/tool-runner.ts';
import { jsonFromText, parseGraphAnswer } from './graph-answer.ts';
import { runHuntPasses, type PassResult } from './hunt-passes.ts';
import { ProviderAnswerError } from './provider-errors.ts';
import type { EnrichProvider, HuntEvent } from './provider.ts';

interface OpenRouterProviderOptions {
  model: string;
  complete: CompleteChat;
  search: SearchBackend;
  /** Model turns per pass; the last one must submit. */
  maxTurns: number;
  /** Tool calls of one turn run in parallel, at most this many. */
  maxParallelTools: number;
  toolTimeoutMs: number;
  limits: MeterLimits;
}

/**
 * An LLM hunt: the model searches (our tools in a bounded loop, or OpenRouter's web plugin)
 * and submits the result graph as strict JSON, validated part by part.
 */
export function createOpenRouterProvider(options: OpenRouterProviderOptions): EnrichProvider {
  const tools: ChatCompletionTool[] = options.search.offersTools ? [HUNT_TOOLS.web_search, HUNT_TOOLS.fetch_page, HUNT_TOOLS.submit_result] : [HUNT_TOOLS.submit_result];

  async function runPass(pass: 'primary' | 'supplement', lead: CanonicalLead, variants: RowVariant[], emit: (e: HuntEvent) => void, meter: HuntMeter, signal?: AbortSignal): Promise<PassResult> {
    const messages: ChatCompletionMessageParam[] = passMessages(pass, lead, variants);
    const trace: unknown[] = [];
    let nudged = false;
    for (let turn = 1; turn <= options.maxTurns; turn++) {
      const ceiling = meter.exhausted();
      if (ceiling) {
        trace.push({ turn, stopped: ceiling });
        return { answer: null, trace, stop: ceiling };
      }
      const last = turn === options.maxTurns;
      const completion = await options.complete(
        {
          model: options.model,
          messages,
          tools: last ? [HUNT_TOOLS.submit_result] : tools,
          tool_choice: last ? { type: 'function', function: { name: SUBMIT_RESULT_TOOL } } : 'auto',
          temperature: 0,
        },
        meter,
        signal,
      );
      const message = completion.choices[0]?.message as (ChatCompletionMessage & { annotations?: unknown[] }) | undefined;
      citationTails(message?.annotations, emit);
      const calls = (message?.tool_calls ?? []).filter((c): c is ChatCompletionMessageToolCall & { type: 'function' } => c.type === 'function');
      const submit = calls.find((c) => c.function.name === SUBMIT_RESULT_TOOL);
      const raw = submit ? jsonFromText(submit.function.arguments) : calls.length === 0 ? jsonFromText(message?.content) : undefined;
      if (raw !== undefined) {
        const answer = parseGraphAnswer(raw);
        trace.push({ turn, answer: answer ? 'result graph' : 'not a result graph', problems: answer?.problems ?? [] });
        if (answer) return { answer, trace, stop: null };
        if (nudged || last) throw new ProviderAnswerError('the model did not answer with a result graph', meter.snapshot());
        nudged = true;
        emit({ type: 'tool_progress', message: 'The model answered something that is not a result; asking once more' });
        messages.push({ role: 'assistant', content: message?.content ?? '' }, GARBAGE_NUDGE);
        continue;
      }
      messages.push({ role: 'assistant', content: message?.content ?? null, tool_calls: calls });
      const running = calls.slice(0, options.maxParallelTools);
      meter.addToolCalls(running.length);
      const results = await Promise.all(running.map((call) => runToolCall(call, options.search, emit, options.toolTimeoutMs, signal)));
      results.forEach((result, i) => {
        trace.push({ turn, tool: running[i]!.function.name, outcome: result.outcome });
        messages.push({ role: 'tool', tool_call_id: running[i]!.id, content: result.content });
      });
      for (const skipped of calls.slice(options.maxParallelTools)) {
        messages.push({ role: 'tool', tool_call_id: skipped.id, content: JSON.stringify({ error: `at most ${options.maxParallelTools} tool calls per turn` }) });
      }
    }
    throw new ProviderAnswerError('the model never submitted a result', meter.snapshot());
  }

  return {
    name: 'openrouter',
    async hunt(request) {
      const meter = new HuntMeter(options.limits);
      try {
        return await runHuntPasses(request, (pass, lead, variants, emit) => runPass(pass, lead, variants, emit, meter, request.signal), () => meter.snapshot());
      } catch (err) {
        // Faults carry what was spent so far: a failed row still shows its model usage.
        if (err instanceof ProviderAnswerError && !err.usage) throw new ProviderAnswerError(err.message, meter.snapshot());
        throw err;
      }
    },
  };
}

/** OpenRouter's web plugin reports its sources as url_citation annotations: the live view's search tails. */
function citationTails(annotations: unknown[] | undefined, emit: (e: HuntEvent) => void): void {
  for (const annotation of annotations ?? []) {
    const citation = (annotation as { type?: string; url_citation?: { url?: string; title?: string } }).url_citation;
    if (citation?.url) emit({ type: 'search_tail', message: `web: ${citation.title ? `${citation.title} — ` : ''}${citation.url}` });
  }
}
