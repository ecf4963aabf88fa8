import {
  buildChatLabel,
  fastPathMapping,
  heuristicMapping,
  isMappable,
  validateColumnMapping,
  withFieldDecisions,
  type ColumnMapping,
  type MappingDecision,
  type MappingSource,
  type UserMapping,
} from '@bej/leads';
import { CallFailedError, CallInvalidAnswerError, CallTimeoutError, QueueUnavailableError, type QueueClient } from '@bej/queue';
import type { Logger } from '@bej/logger';
import { AppError } from '../http/app-error.ts';
import { mapperFallbacks } from '../upload-api.metrics.ts';

interface ResolvedMapping {
  source: MappingSource;
  decision: MappingDecision;
}

/** A user's mapping made complete: no variants and the default chat label unless given. */
export function completeUserMapping(headers: string[], user: UserMapping): MappingDecision {
  const columns = user.columns;
  const mapping: ColumnMapping = {
    columns,
    search_variants: user.search_variants ?? [],
    chat_label: user.chat_label ?? buildChatLabel(columns),
  };
  const check = validateColumnMapping(headers, mapping);
  if (!check.ok) throw new AppError('invalid_mapping', `The mapping does not fit this file: ${check.problems.join('; ')}.`);
  if (!isMappable(mapping.columns)) {
    throw new AppError('invalid_mapping', 'The mapping must map company, or street with city and state, or street with zip.');
  }
  return withFieldDecisions(mapping, 1, 'set by the user');
}

export interface MappingRequest {
  headers: string[];
  sampleRows: string[][];
  /** Agent id, or "anonymous" for uploads without a bearer (one shared namespace). */
  namespace: string;
  override: MappingDecision | null;
}

/** Why an upload mapped with its local heuristics instead of the mapper's answer (the metric's label). */
type MapperFallbackReason = 'timeout' | 'unavailable' | 'mapper_failed' | 'invalid_answer';

/**
 * Fast path first (no network). Otherwise the mapper service answers from the agent's
 * cache, the LLM or its heuristics; when it cannot be reached in time the upload still
 * maps with the same heuristics locally, so a mapper outage never blocks uploads.
 * The request carries the moment this upload stops waiting (`mapperTimeoutMs` from now): the
 * mapper fits its whole LLM budget before it and never caches an answer found after it.
 * Only "no usable answer" falls back: a timeout, Redis out of reach, the mapper failing the
 * request, or an answer that does not parse or fit the file. Anything else is a bug here and
 * propagates (the error handler answers 500 with an error_id and logs the stack).
 */
export async function resolveMapping(
  request: MappingRequest,
  deps: { queues: QueueClient; logger: Logger; mapperTimeoutMs: number },
): Promise<ResolvedMapping | null> {
  if (request.override) return { source: 'user', decision: request.override };
  const fast = fastPathMapping(request.headers);
  if (fast) return { source: 'fast_path', decision: fast };
  const answer = await askMapper(request, deps);
  if (answer.kind === 'answer') {
    if (answer.source === null) return null;
    return { source: answer.source, decision: answer.decision };
  }
  mapperFallbacks.inc({ reason: answer.reason });
  const local = heuristicMapping(request.headers, request.sampleRows);
  return local ? { source: 'heuristic', decision: local } : null;
}

type MapperOutcome =
  | { kind: 'answer'; source: 'cache' | 'llm' | 'heuristic'; decision: MappingDecision }
  | { kind: 'answer'; source: null; decision: null }
  | { kind: 'fallback'; reason: MapperFallbackReason };

async function askMapper(request: MappingRequest, deps: { queues: QueueClient; logger: Logger; mapperTimeoutMs: number }): Promise<MapperOutcome> {
  let answer;
  try {
    // Typed and checked against the catalog's result schema for `mapping.infer`.
    answer = await deps.queues.call(
      'mapping.infer',
      { namespace: request.namespace, headers: request.headers, sampleRows: request.sampleRows, deadlineAt: Date.now() + deps.mapperTimeoutMs },
      deps.mapperTimeoutMs,
    );
  } catch (err) {
    if (err instanceof CallTimeoutError) {
      deps.logger.warn('mapper did not answer in time, using local heuristics', { timeout_ms: err.timeoutMs });
      return { kind: 'fallback', reason: 'timeout' };
    }
    if (err instanceof QueueUnavailableError) {
      deps.logger.warn('mapper unreachable (queue unavailable), using local heuristics', { err: err.message });
      return { kind: 'fallback', reason: 'unavailable' };
    }
    if (err instanceof CallFailedError) {
      // The mapper's own log and Bull Board hold its stack; its failure must not block the upload.
      deps.logger.error('mapper failed the request, using local heuristics', { failed_reason: err.failedReason });
      return { kind: 'fallback', reason: 'mapper_failed' };
    }
    if (err instanceof CallInvalidAnswerError) {
      deps.logger.warn('mapper answer has the wrong shape, using local heuristics', { problems: err.problems });
      return { kind: 'fallback', reason: 'invalid_answer' };
    }
    throw err;
  }
  if (answer.source === null) return { kind: 'answer', source: null, decision: null };
  const check = validateColumnMapping(request.headers, answer.decision);
  if (!check.ok) {
    deps.logger.warn('mapper answer did not fit the file, using local heuristics', { problems: check.problems.length });
    return { kind: 'fallback', reason: 'invalid_answer' };
  }
  return { kind: 'answer', source: answer.source, decision: answer.decision };
}
