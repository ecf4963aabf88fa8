import type { Redis } from 'ioredis';
import { z } from 'zod';
import { headerFingerprint, mappingDecisionSchema, normaliseHeader, validateColumnMapping, type MappingDecision } from '@bej/leads';
import { describeIssues } from './describe-issues.ts';
import type { MapperLogger } from './mapper.types.ts';

/** A header set seen again within half a year maps the same way; longer than that, files and agents drift. */
export const HEADER_CACHE_TTL_SECONDS = 180 * 24 * 3600;

/**
 * A cache entry. Entries written before variants had address sets parse too (`set` is optional);
 * their variants are read by @bej/leads' variantAddressSets compatibility rule.
 */
const cachedEntrySchema = z.object({
  mapping: mappingDecisionSchema,
  /** Who decided the cached mapping; `user` wins over inferred ones. */
  source_was: z.enum(['llm', 'heuristic', 'user']),
  stored_at: z.string(),
});

type CachedMapping = z.infer<typeof cachedEntrySchema>;
type CachedSource = CachedMapping['source_was'];

export interface HeaderCache {
  /** The cached decision for this header set, or null (miss, unreadable or no longer valid for these headers). */
  get(namespace: string, headers: string[]): Promise<CachedMapping | null>;
  put(namespace: string, headers: string[], decision: MappingDecision, sourceWas: CachedSource): Promise<void>;
  /** The Redis key for a header set (tests and operators use it to inspect or evict entries). */
  keyOf(namespace: string, headers: string[]): string;
}

interface HeaderCacheOptions {
  redis: Redis;
  /** QUEUE_PREFIX: two stacks on one Redis never share cache entries. */
  prefix: string;
  logger: MapperLogger;
  ttlSeconds?: number;
}

export function createHeaderCache(options: HeaderCacheOptions): HeaderCache {
  const { redis, prefix, logger } = options;
  const ttlSeconds = options.ttlSeconds ?? HEADER_CACHE_TTL_SECONDS;

  const keyOf = (namespace: string, headers: string[]): string =>
    `${prefix}:mapping-cache:${namespace}:${headerFingerprint(headers)}`;

  return {
    keyOf,

    async get(namespace, headers) {
      const key = keyOf(namespace, headers);
      const raw = await redis.get(key);
      if (raw === null) return null;
      // A stale or corrupt entry must never reach a job's mapping: treat it as a miss; the next put replaces it.
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch (err) {
        logger.warn('mapping cache entry is not JSON; treating as a miss', { namespace, err: (err as Error).message });
        return null;
      }
      const parsed = cachedEntrySchema.safeParse(json);
      if (!parsed.success) {
        logger.warn('mapping cache entry has the wrong shape; treating as a miss', { namespace, problems: describeIssues(parsed.error) });
        return null;
      }
      const mapping = respell(parsed.data.mapping, headers);
      const validation = validateColumnMapping(headers, mapping);
      if (!validation.ok) {
        logger.warn('mapping cache entry does not fit the headers; treating as a miss', { namespace, problems: validation.problems });
        return null;
      }
      return { mapping, source_was: parsed.data.source_was, stored_at: parsed.data.stored_at };
    },

    async put(namespace, headers, decision, sourceWas) {
      const entry: CachedMapping = { mapping: decision, source_was: sourceWas, stored_at: new Date().toISOString() };
      await redis.set(keyOf(namespace, headers), JSON.stringify(entry), 'EX', ttlSeconds);
    },
  };
}

/**
 * The fingerprint ignores case, spacing, punctuation and order ("Zip_Code" = "zip code"), so a hit may
 * come from a file that spelled its headers differently. Rewrites each cached header to this file's
 * spelling when exactly one header here normalises the same way; anything else is left for validation.
 */
function respell(mapping: MappingDecision, headers: string[]): MappingDecision {
  const byNormal = new Map<string, string | null>();
  for (const header of headers) {
    const normal = normaliseHeader(header);
    byNormal.set(normal, byNormal.has(normal) && byNormal.get(normal) !== header ? null : header);
  }
  const here = (header: string): string => (headers.includes(header) ? header : (byNormal.get(normaliseHeader(header)) ?? header));
  const each = <T extends string | string[]>(value: T): T => (Array.isArray(value) ? value.map(here) : here(value)) as T;
  const columns: MappingDecision['columns'] = {};
  for (const [field, value] of Object.entries(mapping.columns) as Array<[keyof MappingDecision['columns'], string | string[]]>) {
    columns[field] = each(value);
  }
  const fields: MappingDecision['fields'] = {};
  for (const [field, decision] of Object.entries(mapping.fields) as Array<[keyof MappingDecision['fields'], NonNullable<MappingDecision['fields'][keyof MappingDecision['fields']]>]>) {
    fields[field] = { ...decision, headers: decision.headers.map(here) };
  }
  return {
    columns,
    fields,
    search_variants: mapping.search_variants.map((variant) => ({ ...variant, header: here(variant.header) })),
    chat_label: {
      primary_column: mapping.chat_label.primary_column === null ? null : here(mapping.chat_label.primary_column),
      location_columns: mapping.chat_label.location_columns.map(here),
    },
  };
}
