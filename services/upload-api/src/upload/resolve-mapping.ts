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
import type { QueueClient } from '@bej/queue';
import type { Logger } from '@bej/logger';
import { AppError } from '../http/app-error.ts';

export interface ResolvedMapping {
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

/**
 * Fast path first (no network). Otherwise the mapper service answers from the agent's
 * cache, the LLM or its heuristics; when it cannot be reached in time the upload still
 * maps with the same heuristics locally, so a mapper outage never blocks uploads.
 */
export async function resolveMapping(
  request: MappingRequest,
  deps: { queues: QueueClient; logger: Logger; mapperTimeoutMs: number },
): Promise<ResolvedMapping | null> {
  if (request.override) return { source: 'user', decision: request.override };
  const fast = fastPathMapping(request.headers);
  if (fast) return { source: 'fast_path', decision: fast };
  try {
    // Typed and checked by the catalog's result schema for `mapping.infer`.
    const answer = await deps.queues.call(
      'mapping.infer',
      { namespace: request.namespace, headers: request.headers, sampleRows: request.sampleRows },
      deps.mapperTimeoutMs,
    );
    if (answer.source === null) return null;
    const check = validateColumnMapping(request.headers, answer.decision);
    if (check.ok) return { source: answer.source, decision: answer.decision };
    deps.logger.warn('mapper answer did not fit the file, using local heuristics', { problems: check.problems.length });
  } catch (err) {
    deps.logger.warn('mapper service unavailable, using local heuristics', { err: (err as Error).message });
  }
  const local = heuristicMapping(request.headers, request.sampleRows);
  return local ? { source: 'heuristic', decision: local } : null;
}
