import { z } from 'zod';
import {
  CANONICAL_FIELDS,
  VARIANT_KINDS,
  fastPathMapping,
  heuristicMapping,
  isMappable,
  validateColumnMapping,
  type ColumnMapping,
  type MappingDecision,
  type MappingSource,
} from '@bej/leads';
import type { QueueClient } from '@bej/queue';
import type { Logger } from '@bej/logger';
import { AppError } from '../http/app-error.ts';

interface ResolvedMapping {
  source: MappingSource;
  decision: MappingDecision;
}

const headerRef = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

/** What a user may send in the `mapping` form field or the PUT mapping body. */
export const userMappingSchema = z.object({
  columns: z.partialRecord(z.enum(CANONICAL_FIELDS), headerRef),
  search_variants: z.array(z.object({ header: z.string().min(1), kind: z.enum(VARIANT_KINDS) })).optional(),
  chat_label: z.object({ primary_column: z.string().nullable(), location_columns: z.array(z.string()) }).optional(),
});
type UserMapping = z.infer<typeof userMappingSchema>;

function firstHeader(ref: string | string[] | undefined): string | null {
  if (ref === undefined) return null;
  return Array.isArray(ref) ? (ref[0] ?? null) : ref;
}

/** A user's mapping made complete: default chat label from company (or street) and city/state. */
export function completeUserMapping(headers: string[], user: UserMapping): MappingDecision {
  const columns = user.columns;
  const mapping: ColumnMapping = {
    columns,
    search_variants: user.search_variants ?? [],
    chat_label: user.chat_label ?? {
      primary_column: firstHeader(columns.company) ?? firstHeader(columns.dm_name) ?? firstHeader(columns.street),
      location_columns: [firstHeader(columns.city), firstHeader(columns.state)].filter((h): h is string => h !== null),
    },
  };
  const check = validateColumnMapping(headers, mapping);
  if (!check.ok) throw new AppError('invalid_mapping', `The mapping does not fit this file: ${check.problems.join('; ')}.`);
  if (!isMappable(mapping.columns)) {
    throw new AppError('invalid_mapping', 'The mapping must map company, or street with city and state, or street with zip.');
  }
  const fields: MappingDecision['fields'] = {};
  for (const [field, ref] of Object.entries(columns)) {
    fields[field as keyof typeof fields] = { headers: Array.isArray(ref) ? ref : [ref], confidence: 1, reason: 'set by the user' };
  }
  return { ...mapping, fields };
}

const mapperAnswerSchema = z.union([
  z.object({ source: z.enum(['cache', 'llm', 'heuristic']), decision: z.custom<MappingDecision>((v) => typeof v === 'object' && v !== null) }),
  z.object({ source: z.null(), decision: z.null() }),
]);

interface MappingRequest {
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
    const answer = mapperAnswerSchema.parse(
      await deps.queues.call(
        'mapping.infer',
        { namespace: request.namespace, headers: request.headers, sampleRows: request.sampleRows },
        deps.mapperTimeoutMs,
      ),
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
