import type { ChatCompletionMessageParam, ChatCompletionFunctionTool } from 'openai/resources/chat/completions';
import { CANONICAL_FIELDS, VARIANT_KINDS } from '@bej/leads';

export const SUBMIT_MAPPING_TOOL = 'submit_mapping';

/** Long cells say nothing more about a column's meaning and would only inflate the prompt. */
const MAX_CELL_CHARS = 120;

const SYSTEM_PROMPT = `You map the columns of a CSV file of US business leads onto canonical fields.
You get the header row and a few sample rows. Answer with JSON of exactly this shape and nothing else:
{"columns": {"<canonical_field>": "<header>" or ["<header>", ...]},
 "search_variants": [{"header": "<header>", "kind": "<variant kind>", "set": "<address set>"}],
 "chat_label": {"primary_column": "<header>" or null, "location_columns": ["<header>", ...]}}

Canonical fields (use only these keys in "columns"; leave a field out when no column fits):
- contact_id: the file's own id of the lead or account
- company: the business name
- street: street address line 1; when there is a line 2 (suite, unit), give ["<line 1 header>", "<line 2 header>"]
- city
- state: US state (name or two-letter code)
- zip: ZIP or postal code
- number1: the main phone number
- number2: a second phone number
- dm_name: the decision maker's (contact person's) name; when first and last name are separate columns, give ["<first>", "<last>"]

search_variants lists other columns that describe the same business differently (a second company name,
a mailing address, another phone, an account id), each with a kind from: ${VARIANT_KINDS.join(', ')}.
Give every street, city, state and zip variant a "set": one short name per address (e.g. "mailing",
"shipping"), the same for all columns of that address, so a street is only ever paired with the zip of
its own address. Each set has at most one city, one state and one zip (several street lines are fine).

chat_label names the column whose value best titles a row (usually the company) and the columns that
locate it (usually city and state).

Rules:
- Use the header names exactly as given, character for character.
- Never use a header twice (not in two fields, not as both a field and a search variant).
- A usable file maps "company", or "street" together with ("city" and "state") or "zip".
- Judge by the values as much as by the header names; headers can be vague or misleading.
You may answer by calling the ${SUBMIT_MAPPING_TOOL} function or with the JSON as the message content.`;

const headerRef = { type: 'string', description: 'a header exactly as in the file' };

/** The same shape as the JSON answer, offered as a function for models that prefer tool calls. */
export const SUBMIT_MAPPING_TOOL_DEFINITION: ChatCompletionFunctionTool = {
  type: 'function',
  function: {
    name: SUBMIT_MAPPING_TOOL,
    description: 'Submit the column mapping of the CSV file.',
    parameters: {
      type: 'object',
      additionalProperties: false,
      required: ['columns', 'search_variants', 'chat_label'],
      properties: {
        columns: {
          type: 'object',
          additionalProperties: false,
          properties: Object.fromEntries(
            CANONICAL_FIELDS.map((field) => [field, { anyOf: [headerRef, { type: 'array', items: headerRef, minItems: 1 }] }]),
          ),
        },
        search_variants: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['header', 'kind'],
            properties: {
              header: headerRef,
              kind: { type: 'string', enum: [...VARIANT_KINDS] },
              set: { type: 'string', description: 'address variants: one short name per address, shared by its street, city, state and zip columns' },
            },
          },
        },
        chat_label: {
          type: 'object',
          additionalProperties: false,
          required: ['primary_column', 'location_columns'],
          properties: {
            primary_column: { anyOf: [headerRef, { type: 'null' }] },
            location_columns: { type: 'array', items: headerRef },
          },
        },
      },
    },
  },
};

/** The file part of the prompt as JSON, so the model (and the test fake) read headers and rows unambiguously. */
export function buildMappingMessages(headers: string[], sampleRows: string[][]): ChatCompletionMessageParam[] {
  const rows = sampleRows.map((row) => headers.map((_, i) => truncate(row[i] ?? '')));
  return [
    { role: 'system', content: SYSTEM_PROMPT },
    { role: 'user', content: JSON.stringify({ headers, sample_rows: rows }) },
  ];
}

function truncate(cell: string): string {
  return cell.length > MAX_CELL_CHARS ? `${cell.slice(0, MAX_CELL_CHARS)}…` : cell;
}
