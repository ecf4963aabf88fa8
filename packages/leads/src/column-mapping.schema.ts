/**
 * The one declaration of every mapping shape: what feeds what, as stored on a job, cached by the
 * mapper, sent on the queue, answered by the LLM and sent by a user. Types are inferred from here
 * (see types.ts); nothing else declares these shapes again.
 */
import { z } from 'zod';
import { CANONICAL_FIELDS, VARIANT_KINDS } from './types.ts';

export const canonicalFieldSchema = z.enum(CANONICAL_FIELDS);
export const variantKindSchema = z.enum(VARIANT_KINDS);

/** A header of the file, or headers merged in order (street line 1 + line 2, first + last name). */
export const headerRefSchema = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

/** Canonical field -> header(s); a key that is not a canonical field is refused, not dropped. */
export const columnAssignmentsSchema = z.partialRecord(canonicalFieldSchema, headerRefSchema);

/**
 * Names the address a variant column belongs to ("mailing", "shipping-2"): the supplement pass
 * pairs a street only with the zip (and city, state) of the same set. Optional: mappings stored
 * before sets existed have none (see variantAddressSets for how those are read).
 */
export const variantSetIdSchema = z.string().min(1).max(40);

/** A column used only by the supplement pass. */
export const searchVariantColumnSchema = z.object({
  header: z.string().min(1),
  kind: variantKindSchema,
  set: variantSetIdSchema.optional(),
});

export const chatLabelSchema = z.object({
  /** Header whose value heads the row's chat title (usually the company column). */
  primary_column: z.string().min(1).nullable(),
  /** Headers appended after the primary value, e.g. city and state. */
  location_columns: z.array(z.string().min(1)),
});

/** The part of a mapping that says which header feeds what. */
export const columnMappingSchema = z.object({
  columns: columnAssignmentsSchema,
  search_variants: z.array(searchVariantColumnSchema),
  chat_label: chatLabelSchema,
});

/** Why a field was mapped the way it was, in a form a UI can show (never a cell value). */
export const fieldDecisionSchema = z.object({
  headers: z.array(z.string()),
  confidence: z.number().min(0).max(1),
  reason: z.string(),
});

/** A mapping decision before the file-level facts (delimiter, encoding, source) are attached. */
export const mappingDecisionSchema = columnMappingSchema.extend({
  fields: z.partialRecord(canonicalFieldSchema, fieldDecisionSchema),
});

/** Where a job's mapping came from (the `Job` schema of /api/v1/openapi.json). */
export const MAPPING_SOURCES = ['fast_path', 'cache', 'llm', 'heuristic', 'user', 'headless'] as const;
export const mappingSourceSchema = z.enum(MAPPING_SOURCES);

/** The `mapping` object of a job as stored in `batch_enrich_job.mapping`. Headless batches have no delimiter or encoding. */
export const jobMappingSchema = mappingDecisionSchema.extend({
  source: mappingSourceSchema,
  delimiter: z.string().nullable(),
  encoding: z.string().nullable(),
  /** Headers that feed nothing (neither a field nor a variant). */
  unmapped_headers: z.array(z.string()),
});

/** What a user may send in the `mapping` form field or the PUT mapping body: columns, the rest defaulted. */
export const userMappingSchema = columnMappingSchema.extend({
  search_variants: columnMappingSchema.shape.search_variants.optional(),
  chat_label: chatLabelSchema.optional(),
});

/** A variant value taken from one row (stored per row in `batch_enrich_row.search_variants`, never shown in previews). */
export const rowVariantSchema = searchVariantColumnSchema.extend({ value: z.string() });
