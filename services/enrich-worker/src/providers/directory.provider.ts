import { setTimeout as sleep } from 'node:timers/promises';
import { emptyHuntGraph, type EnrichProvider, type HuntEvent, type HuntOutcome, type HuntRequest } from './provider.ts';
import type { DirectoryIndex } from './directory-index.ts';
import { addsLookups, findBestMatch, primaryProbe, supplementProbe, type DirectoryMatch, type MatchProbe } from './directory-match.ts';
import { streetCount } from './directory-probe.ts';
import { buildMatchGraph, describeCriteria, type HuntPass } from './directory-graph.ts';

export { loadDirectory, buildDirectoryIndex, parseDirectoryLines, type DirectoryIndex } from './directory-index.ts';

interface DirectoryProviderOptions {
  index: DirectoryIndex;
  /** Benchmark knob (`ENRICH_SIMULATED_LATENCY_MS`): wait this long per lookup, as a remote provider would. */
  simulatedLatencyMs?: number;
}

interface TraceStep {
  step: string;
  detail: string;
}

/**
 * Matches leads against an in-memory reference data set (docs/directory.md).
 * Events and the trace carry counts and criteria only, never lead values,
 * so they are safe to log and to show.
 */
export function createDirectoryProvider(options: DirectoryProviderOptions): EnrichProvider {
  const latencyMs = options.simulatedLatencyMs ?? 0;
  return {
    name: 'directory',
    async hunt(request: HuntRequest): Promise<HuntOutcome> {
      const emit = (event: HuntEvent) => request.onEvent?.(event);
      const trace: TraceStep[] = [];
      request.signal?.throwIfAborted();
      if (latencyMs > 0) await sleep(latencyMs, undefined, { signal: request.signal });

      const primaryLookups = primaryProbe(request.lead);
      const primary = runPass(options.index, 'primary', primaryLookups, emit, trace);
      if (primary !== null) return { matched: true, pass: 'primary', graph: buildMatchGraph(primary, 'primary', trace) };

      // The supplement probe also holds the row key as an account id, so a row with no variant
      // values can still have something new to look up; only an identical probe is pointless.
      const supplementLookups = supplementProbe(request.lead, request.variants);
      if (!addsLookups(primaryLookups, supplementLookups)) {
        trace.push({ step: 'supplement_pass', detail: 'skipped: no variant values or account ids beyond the primary fields' });
        return { matched: false, pass: null, graph: emptyHuntGraph(trace) };
      }
      request.signal?.throwIfAborted();
      const supplement = runPass(options.index, 'supplement', supplementLookups, emit, trace);
      if (supplement !== null) return { matched: true, pass: 'supplement', graph: buildMatchGraph(supplement, 'supplement', trace) };
      return { matched: false, pass: null, graph: emptyHuntGraph(trace) };
    },
  };
}

function runPass(index: DirectoryIndex, pass: HuntPass, probe: MatchProbe, emit: (event: HuntEvent) => void, trace: TraceStep[]): DirectoryMatch | null {
  const passName = pass === 'primary' ? 'Primary pass' : 'Supplement pass';
  emit({ type: 'pass_started', message: pass === 'primary' ? 'Primary pass: looking the lead up in the directory' : 'Supplement pass: trying the row\'s other names, addresses, phones and account ids' });
  const lookups = describeProbe(probe);
  emit({ type: 'search_tail', message: `directory lookup by ${lookups}` });
  const match = findBestMatch(index, probe);
  const outcome = match === null ? 'no record matched' : `${match.candidateCount} candidate record(s); best matched by ${describeCriteria(match.criteria)}`;
  emit({ type: 'tool_progress', message: outcome });
  trace.push({ step: `${pass}_pass`, detail: `looked up ${lookups}; ${outcome}${match === null ? '' : ` (record #${match.record.ordinal + 1})`}` });
  emit({ type: 'pass_finished', message: `${passName} ${match === null ? 'found nothing' : 'found a match'}` });
  return match;
}

function describeProbe(probe: MatchProbe): string {
  const parts = [
    plural(probe.phones.length, 'phone'),
    plural(probe.companies.length, 'company name'),
    plural(streetCount(probe), 'street address'),
    plural(probe.accountIds.length, 'account id'),
  ].filter((part) => part !== null);
  return parts.length === 0 ? 'nothing (no usable fields)' : parts.join(', ');
}

function plural(n: number, noun: string): string | null {
  if (n === 0) return null;
  return `${n} ${noun}${n === 1 ? '' : noun.endsWith('s') ? 'es' : 's'}`;
}
