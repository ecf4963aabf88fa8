import type { ChatCompletionMessageToolCall } from 'openai/resources/chat/completions';
import type { HuntEvent } from '../providers/provider.ts';
import type { SearchBackend } from './search-backend.ts';

interface ToolRun {
  /** What goes back to the model. */
  content: string;
  /** What the trace keeps (no page text). */
  outcome: string;
}

/** Runs one tool call the model made; a failing tool is reported to the model, never thrown. */
export async function runToolCall(
  call: ChatCompletionMessageToolCall & { type: 'function' },
  search: SearchBackend,
  emit: (e: HuntEvent) => void,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<ToolRun> {
  const name = call.function.name;
  let args: Record<string, unknown> = {};
  try {
    args = JSON.parse(call.function.arguments || '{}') as Record<string, unknown>;
  } catch (err) {
    return failed(name, `arguments are not JSON (${(err as Error).message})`, emit);
  }
  const toolSignal = signal ? AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs);
  try {
    if (name === 'web_search' && typeof args.query === 'string' && args.query.trim() !== '') {
      emit({ type: 'tool_progress', message: `web_search: ${args.query}` });
      const hits = await search.search(args.query, toolSignal);
      for (const hit of hits.slice(0, 3)) emit({ type: 'search_tail', message: `${hit.title} — ${hit.url}${hit.snippet ? `: ${hit.snippet}` : ''}` });
      emit({ type: 'tool_progress', message: `web_search returned ${hits.length} result(s)` });
      return { content: JSON.stringify({ results: hits }), outcome: `${hits.length} result(s)` };
    }
    if (name === 'fetch_page' && typeof args.url === 'string') {
      emit({ type: 'tool_progress', message: `fetch_page ${args.url}` });
      const text = await search.fetchPage(args.url, toolSignal);
      emit({ type: 'search_tail', message: `${args.url}: ${text.slice(0, 200)}` });
      return { content: JSON.stringify({ url: args.url, text }), outcome: `${text.length} characters` };
    }
    return failed(name, name === 'web_search' || name === 'fetch_page' ? 'missing argument' : `no tool named "${name}"`, emit);
  } catch (err) {
    const reason = (err as Error).name === 'TimeoutError' ? `timed out after ${timeoutMs} ms` : (err as Error).message;
    return failed(name, reason, emit);
  }
}

function failed(name: string, reason: string, emit: (e: HuntEvent) => void): ToolRun {
  emit({ type: 'tool_progress', message: `${name} failed: ${reason}` });
  return { content: JSON.stringify({ error: reason }), outcome: `failed: ${reason}` };
}
