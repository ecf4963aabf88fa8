/**
 * Shared vocabulary of a lead: canonical fields, column mappings, per-row
 * search variants and the result graph a hunt produces.
 */

/** The canonical lead fields of README "Reading uploads", in output order. */
export const CANONICAL_FIELDS = [
  'contact_id',
  'company',
  'street',
  'city',
  'state',
  'zip',
  'number1',
  'number2',
  'dm_name',
] as const;
export type CanonicalField = (typeof CANONICAL_FIELDS)[number];

/** A lead as stored in `batch_enrich_row.input` (canonical JSON). Missing values are null; contact_id is always set. */
export type CanonicalLead = { [K in CanonicalField]: K extends 'contact_id' ? string : string | null };

/** What another column of the same row says about the same business. */
export const VARIANT_KINDS = ['company', 'street', 'city', 'state', 'zip', 'phone', 'account_id'] as const;
export type VariantKind = (typeof VARIANT_KINDS)[number];

/** A column used only by the supplement pass. */
export interface SearchVariantColumn {
  header: string;
  kind: VariantKind;
}

/** A variant value taken from one row (stored per row, never shown in previews). */
export interface RowVariant {
  kind: VariantKind;
  header: string;
  value: string;
}

export interface ChatLabel {
  /** Header whose value heads the row's chat title (usually the company column). */
  primary_column: string | null;
  /** Headers appended after the primary value, e.g. city and state. */
  location_columns: string[];
}

/** Canonical field -> header, or headers merged in order (street line 1 + line 2, first + last name). */
export type ColumnAssignments = Partial<Record<CanonicalField, string | string[]>>;

/** The part of a mapping that says which header feeds what. Headers are the file's (de-duplicated) header names. */
export interface ColumnMapping {
  columns: ColumnAssignments;
  search_variants: SearchVariantColumn[];
  chat_label: ChatLabel;
}

/** Why a field was mapped the way it was, in a form a UI can show. */
export interface FieldDecision {
  headers: string[];
  /** 0..1 */
  confidence: number;
  /** Short reason without any cell value, e.g. "header synonym 'zip5'" or "values look like US phones (9/10)". */
  reason: string;
}

export type MappingSource = 'fast_path' | 'cache' | 'llm' | 'heuristic' | 'user';

/** The `mapping` object of the job (the `Mapping` schema of /api/v1/openapi.json). */
export interface JobMapping extends ColumnMapping {
  source: MappingSource;
  delimiter: string;
  encoding: string;
  fields: Partial<Record<CanonicalField, FieldDecision>>;
  /** Headers that feed nothing (neither a field nor a variant). */
  unmapped_headers: string[];
}

/** A mapping decision before the file-level facts (delimiter, encoding, source) are attached. */
export interface MappingDecision extends ColumnMapping {
  fields: Partial<Record<CanonicalField, FieldDecision>>;
}

export interface ResultContact {
  display_name: string;
  title: string | null;
  /** E.164 where parseable, else as given. */
  phones: string[];
  emails: string[];
}

export interface ResultPhone {
  e164: string;
  type: string | null;
}

export interface ResultEmail {
  address: string;
  type: string | null;
}

export interface ResultEntity {
  legal_name: string;
  jurisdiction: string | null;
  registration_id: string | null;
}

/** Stored in `batch_enrich_row.result`; flattened into download.csv after `input` (tool_trace excluded). */
export interface ResultGraph {
  input: CanonicalLead;
  contacts: ResultContact[];
  phones: ResultPhone[];
  emails: ResultEmail[];
  entities: ResultEntity[];
  /** 0..1; 0 when nothing was found. */
  confidence: number;
  summary_markdown: string | null;
  /** How the hunt went; kept for the owner's row view, never written to CSV. */
  tool_trace?: unknown[];
}
