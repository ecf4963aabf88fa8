import { headerFingerprint, heuristicMapping, type MappingDecision } from '@bej/leads';
import type { HeaderCache } from './header-cache.ts';
import type { LlmMappingClient } from './llm-client.ts';
import type { MapHeadersRequest, MapHeadersResult, MapperLogger } from './mapper.types.ts';

export interface MapHeadersDeps {
  cache: HeaderCache;
  /** Null when the LLM step is disabled or has no API key. */
  llm: LlmMappingClient | null;
  logger: MapperLogger;
  /** Content heuristics of @bej/leads; replaceable so tests can pin the fallback. */
  heuristic?: (headers: string[], sampleRows: string[][]) => MappingDecision | null;
}

/**
 * In-flight inferences per cache instance, keyed by namespace + fingerprint: identical uploads
 * arriving together share one LLM call instead of racing to pay for the same answer.
 * Keyed by the cache so two independent mappers (tests, two prefixes) never share results.
 */
const inFlightByCache = new WeakMap<HeaderCache, Map<string, Promise<MapHeadersResult>>>();

/**
 * What the mapper keeps of a requester's budget for itself after the LLM step: the cache write,
 * the answer's way back through Redis, and clock differences between the two hosts.
 */
export const ANSWER_RESERVE_MS = 1_000;

/** cache → LLM (once per uncached header set) → content heuristics → nothing. */
export async function mapHeaders(req: MapHeadersRequest, deps: MapHeadersDeps): Promise<MapHeadersResult> {
  let inFlight = inFlightByCache.get(deps.cache);
  if (!inFlight) {
    inFlight = new Map();
    inFlightByCache.set(deps.cache, inFlight);
  }
  const key = `${req.namespace}\u0000${headerFingerprint(req.headers)}`;
  const pending = inFlight.get(key);
  if (pending) return pending;

  // The cache read sits inside the shared promise: a request arriving between another's miss and its
  // put would otherwise miss too and pay for a second call.
  const running = lookupOrInfer(req, deps).finally(() => inFlight.delete(key));
  inFlight.set(key, running);
  return running;
}

async function lookupOrInfer(req: MapHeadersRequest, deps: MapHeadersDeps): Promise<MapHeadersResult> {
  const { cache, llm, logger } = deps;
  const cached = await cache.get(req.namespace, req.headers);
  if (cached) return { source: 'cache', decision: cached.mapping };
  if (llm) {
    // The whole LLM budget (attempts, timeouts, backoff) ends before the requester stops waiting.
    const llmDeadline = req.deadlineAt === undefined ? undefined : req.deadlineAt - ANSWER_RESERVE_MS;
    const decision = await llm.inferMapping(req.headers, req.sampleRows, { deadlineAt: llmDeadline });
    if (decision) {
      // Past the budget the requester has most likely mapped the file with its own heuristics:
      // caching this answer would map the same file differently next time.
      if (llmDeadline !== undefined && Date.now() > llmDeadline) {
        logger.warn('llm mapping came after the requester gave up; not cached', { namespace: req.namespace, late_ms: Date.now() - llmDeadline });
        return { source: 'llm', decision };
      }
      await cache.put(req.namespace, req.headers, decision, 'llm');
      return { source: 'llm', decision };
    }
  }
  const heuristic = deps.heuristic ?? heuristicMapping;
  const decision = heuristic(req.headers, req.sampleRows);
  if (decision) {
    await cache.put(req.namespace, req.headers, decision, 'heuristic');
    return { source: 'heuristic', decision };
  }
  logger.info('no mapping found for header set', { namespace: req.namespace, header_count: req.headers.length, llm: llm !== null });
  return { source: null, decision: null };
}
