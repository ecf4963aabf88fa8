/**
 * Shared vocabulary of a lead: canonical fields, column mappings, per-row
 * search variants and the result graph a hunt produces.
 */
import type { z } from 'zod';
import type {
  chatLabelSchema,
  columnAssignmentsSchema,
  columnMappingSchema,
  fieldDecisionSchema,
  jobMappingSchema,
  mappingDecisionSchema,
  mappingSourceSchema,
  rowVariantSchema,
  searchVariantColumnSchema,
  userMappingSchema,
} from './column-mapping.schema.ts';

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

/** A column used only by the supplement pass; `set` names the address it belongs to. */
export type SearchVariantColumn = z.infer<typeof searchVariantColumnSchema>;

/** A variant value taken from one row (stored per row, never shown in previews). */
export type RowVariant = z.infer<typeof rowVariantSchema>;

export type ChatLabel = z.infer<typeof chatLabelSchema>;

/** Canonical field -> header, or headers merged in order (street line 1 + line 2, first + last name). */
export type ColumnAssignments = z.infer<typeof columnAssignmentsSchema>;

/** The part of a mapping that says which header feeds what. Headers are the file's (de-duplicated) header names. */
export type ColumnMapping = z.infer<typeof columnMappingSchema>;

/** Why a field was mapped the way it was, in a form a UI can show. */
export type FieldDecision = z.infer<typeof fieldDecisionSchema>;

export type MappingSource = z.infer<typeof mappingSourceSchema>;

/** The `mapping` object of the job (the `Mapping` schema of /api/v1/openapi.json). */
export type BatchMapping = z.infer<typeof jobMappingSchema>;

/** What a user may send as a mapping: columns, optionally variants and a chat label. */
export type UserMapping = z.infer<typeof userMappingSchema>;

/** A mapping decision before the file-level facts (delimiter, encoding, source) are attached. */
export type MappingDecision = z.infer<typeof mappingDecisionSchema>;

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
