import type { CanonicalLead, BatchMapping } from '@bej/leads';

/** A job's mapping for repository tests that do not read it: the smallest one a file could have. */
export const TEST_JOB_MAPPING: BatchMapping = {
  source: 'user',
  columns: { company: 'a' },
  search_variants: [],
  chat_label: { primary_column: 'a', location_columns: [] },
  delimiter: ',',
  encoding: 'utf-8',
  fields: {},
  unmapped_headers: [],
};

/** A row's canonical input for repository tests: every field null unless given. */
export function testLead(fields: Partial<CanonicalLead> = {}): CanonicalLead {
  return { contact_id: 'c-1', company: null, street: null, city: null, state: null, zip: null, number1: null, number2: null, dm_name: null, ...fields };
}
