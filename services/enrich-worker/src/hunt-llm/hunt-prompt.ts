import type { ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import type { CanonicalLead, RowVariant } from '@bej/leads';

export const SUBMIT_RESULT_TOOL = 'submit_result';

const graphProperties = {
  contacts: {
    type: 'array',
    items: {
      type: 'object',
      properties: {
        display_name: { type: 'string' },
        title: { type: ['string', 'null'] },
        phones: { type: 'array', items: { type: 'string' } },
        emails: { type: 'array', items: { type: 'string' } },
      },
      required: ['display_name'],
    },
  },
  phones: { type: 'array', items: { type: 'object', properties: { e164: { type: 'string' }, type: { type: ['string', 'null'] } }, required: ['e164'] } },
  emails: { type: 'array', items: { type: 'object', properties: { address: { type: 'string' }, type: { type: ['string', 'null'] } }, required: ['address'] } },
  entities: {
    type: 'array',
    items: {
      type: 'object',
      properties: { legal_name: { type: 'string' }, jurisdiction: { type: ['string', 'null'] }, registration_id: { type: ['string', 'null'] } },
      required: ['legal_name'],
    },
  },
  confidence: { type: 'number', minimum: 0, maximum: 1 },
  summary_markdown: { type: ['string', 'null'] },
};

export const HUNT_TOOLS: Record<'web_search' | 'fetch_page' | 'submit_result', ChatCompletionTool> = {
  web_search: {
    type: 'function',
    function: {
      name: 'web_search',
      description: 'Search the web. Returns up to a few results with title, url and snippet.',
      parameters: { type: 'object', properties: { query: { type: 'string' } }, required: ['query'] },
    },
  },
  fetch_page: {
    type: 'function',
    function: {
      name: 'fetch_page',
      description: 'Fetch one web page (http or https) and return its visible text, truncated.',
      parameters: { type: 'object', properties: { url: { type: 'string' } }, required: ['url'] },
    },
  },
  submit_result: {
    type: 'function',
    function: {
      name: SUBMIT_RESULT_TOOL,
      description: 'Submit what you found about the business (empty lists when nothing was found). Call it exactly once, at the end.',
      parameters: { type: 'object', properties: graphProperties, required: ['contacts', 'phones', 'emails', 'entities', 'confidence'] },
    },
  },
};

const SYSTEM = [
  'You research one US business lead for a sales team: its decision makers (owner, president, manager), their direct phones and emails,',
  'the business main phones and generic emails, and its legal entities (legal name, state of registration, registration id).',
  'Use the tools to search and read pages; prefer official sites, state registries and reputable directories.',
  'Only report facts you saw in a source about THIS business (same name or alias and same location or phone). Never guess emails.',
  'Phones in E.164 (+1XXXXXXXXXX). confidence is 0..1: how sure you are that the facts belong to this lead.',
  'summary_markdown: two or three sentences on who they are and where each fact came from.',
  `Finish by calling ${SUBMIT_RESULT_TOOL} (or, without tools, answer with that JSON object only).`,
].join(' ');

/** The first message pair of a pass: the lead's primary fields, or its search variants. */
export function passMessages(pass: 'primary' | 'supplement', lead: CanonicalLead, variants: RowVariant[]): ChatCompletionMessageParam[] {
  const primary = Object.fromEntries(Object.entries(lead).filter(([key, value]) => key !== 'contact_id' && value !== null));
  const user =
    pass === 'primary'
      ? { task: 'Find this business and its decision makers.', lead: primary }
      : {
          task: 'A first search on the lead found nothing. The same business may be known under these other names, addresses, phones or account ids; search with them.',
          lead: primary,
          // `set` tells which street, city and zip belong to one address (the mapping's address sets).
          other_values: variants.map((v) => (v.set === undefined ? { kind: v.kind, value: v.value } : { kind: v.kind, value: v.value, set: v.set })),
        };
  return [
    { role: 'system', content: SYSTEM },
    { role: 'user', content: JSON.stringify(user) },
  ];
}

export const GARBAGE_NUDGE: ChatCompletionMessageParam = {
  role: 'user',
  content: `Your last answer was not the result JSON. Call ${SUBMIT_RESULT_TOOL} now, or answer with the JSON object only.`,
};
