import { z } from 'zod';
import {
  buildChatLabel,
  canonicalFieldSchema,
  isMappable,
  searchVariantColumnSchema,
  validateColumnMapping,
  withFieldDecisions,
  type ColumnMapping,
  type MappingDecision,
  type SearchVariantColumn,
} from '@bej/leads';
import { describeIssues } from './describe-issues.ts';
import { SUBMIT_MAPPING_TOOL } from './llm-prompt.ts';

/** How sure we are of an answer that passed every check; below the fast path, above most heuristics. */
const LLM_CONFIDENCE = 0.9;

/**
 * The model's answer as it arrives: the column mapping of @bej/leads, loosened where models are
 * loose. `null` or `[]` for "no column fits" means "not mapped", not a broken answer; the result is
 * normalised and then checked against the one column-mapping schema (validateColumnMapping).
 */
const answerSchema = z.object({
  columns: z.partialRecord(canonicalFieldSchema, z.union([z.string(), z.array(z.string()), z.null()])),
  // Checked entry by entry below: one entry of an unknown kind must not cost the whole (paid) answer.
  search_variants: z.array(z.unknown()).nullish(),
  chat_label: z
    .object({ primary_column: z.string().nullish(), location_columns: z.array(z.string()).nullish() })
    .nullish(),
});

export interface AnswerMessage {
  content?: string | null;
  tool_calls?: Array<{ type: string; function?: { name: string; arguments: string } }> | null;
}

type Variant = SearchVariantColumn;
const ONE_PER_SET = new Set<Variant['kind']>(['city', 'state', 'zip']);

/** `dropped` lists the search-variant entries left out (unknown kind, unknown header, malformed). */
type ParsedAnswer = { ok: true; decision: MappingDecision; dropped: string[] } | { ok: false; problems: string[] };

/** Turns the model's message (tool call or content) into a checked decision; problems never quote cell values. */
export function parseMappingAnswer(headers: string[], message: AnswerMessage | undefined): ParsedAnswer {
  const text = answerText(message);
  if (text === null) return { ok: false, problems: ['the answer has neither content nor a submit_mapping call'] };
  let json: unknown;
  try {
    json = JSON.parse(stripFences(text));
  } catch (err) {
    return { ok: false, problems: [`the answer is not JSON (${(err as Error).name})`] };
  }
  const parsed = answerSchema.safeParse(json);
  if (!parsed.success) return { ok: false, problems: describeIssues(parsed.error) };

  const columnHeaders = Object.values(parsed.data.columns).flatMap((value) => (value === null ? [] : Array.isArray(value) ? value : [value]));
  const { kept, dropped } = splitVariants(headers, columnHeaders, parsed.data.search_variants ?? []);
  const mapping = normalise(parsed.data, kept);
  if (Object.keys(mapping.columns).length === 0) return { ok: false, problems: ['the answer maps no field'] };
  const validation = validateColumnMapping(headers, mapping);
  if (!validation.ok) return { ok: false, problems: validation.problems };
  // An answer the upload would refuse anyway is worse than letting the heuristics try.
  if (!isMappable(mapping.columns)) return { ok: false, problems: ['the answer maps neither company nor a full address'] };
  return { ok: true, decision: withFieldDecisions(mapping, LLM_CONFIDENCE, 'llm'), dropped };
}

/**
 * Keeps the search variants that name a known kind and a header of the file no column or earlier
 * variant already uses, and no second city, state or zip of an address set; describes the rest
 * without values.
 */
function splitVariants(headers: string[], columnHeaders: string[], entries: unknown[]): { kept: Variant[]; dropped: string[] } {
  const known = new Set(headers);
  const used = new Set(columnHeaders);
  const setParts = new Set<string>();
  const kept: Variant[] = [];
  const dropped: string[] = [];
  entries.forEach((entry, index) => {
    const variant = searchVariantColumnSchema.safeParse(entry);
    if (!variant.success) dropped.push(`search_variants[${index}]: ${describeIssues(variant.error).join('; ')}`);
    else if (!known.has(variant.data.header)) dropped.push(`search_variants[${index}]: header is not in the file`);
    else if (used.has(variant.data.header)) dropped.push(`search_variants[${index}]: header already used`);
    else if (variant.data.set !== undefined && ONE_PER_SET.has(variant.data.kind) && setParts.has(`${variant.data.set}|${variant.data.kind}`)) {
      dropped.push(`search_variants[${index}]: its address set already has a ${variant.data.kind}`);
    } else {
      used.add(variant.data.header);
      if (variant.data.set !== undefined) setParts.add(`${variant.data.set}|${variant.data.kind}`);
      kept.push(variant.data);
    }
  });
  return { kept, dropped };
}

function answerText(message: AnswerMessage | undefined): string | null {
  if (!message) return null;
  const call = message.tool_calls?.find((c) => c.type === 'function' && c.function?.name === SUBMIT_MAPPING_TOOL);
  if (call?.function) return call.function.arguments;
  const content = message.content?.trim();
  return content ? content : null;
}

/** Some models wrap JSON in a Markdown fence even when asked for a JSON object. */
function stripFences(text: string): string {
  const fenced = /^```[a-zA-Z]*\s*\n?([\s\S]*?)\n?```\s*$/.exec(text.trim());
  return fenced?.[1] !== undefined ? fenced[1].trim() : text.trim();
}

function normalise(answer: z.infer<typeof answerSchema>, searchVariants: Variant[]): ColumnMapping {
  const columns: ColumnMapping['columns'] = {};
  for (const [field, value] of Object.entries(answer.columns)) {
    if (value === null) continue;
    if (Array.isArray(value)) {
      if (value.length === 0) continue;
      // A one-element list is the same as a single header; keep the simplest form.
      columns[field as keyof ColumnMapping['columns']] = value.length === 1 ? value[0]! : value;
    } else if (value !== '') {
      columns[field as keyof ColumnMapping['columns']] = value;
    }
  }
  return {
    columns,
    search_variants: searchVariants,
    chat_label: answer.chat_label
      ? { primary_column: answer.chat_label.primary_column ?? null, location_columns: answer.chat_label.location_columns ?? [] }
      : buildChatLabel(columns),
  };
}
