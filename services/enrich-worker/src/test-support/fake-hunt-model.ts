import type { FakeReply, FakeUsage, RecordedRequest } from '../../../mapper/src/test-support/fake-openai.ts';
import { jsonFromText } from '../providers/graph-answer.ts';

/**
 * A scripted hunt model for the fake OpenAI server: it searches like a careful model would
 * (web_search with the lead, in parallel with its phone; fetch_page on the first hit) and
 * submits the graph it read on the page. Deterministic, so tests know each lead's outcome.
 */
const FAKE_HUNT_USAGE: FakeUsage = { prompt_tokens: 900, completion_tokens: 150, cost: 0.0005 };

interface Message {
  role: string;
  content?: string | null;
  tool_calls?: Array<{ function: { name: string } }>;
}

export function fakeHuntModel(request: RecordedRequest): FakeReply {
  const messages = (request.body.messages ?? []) as Message[];
  const offered = ((request.body.tools ?? []) as Array<{ function: { name: string } }>).map((t) => t.function.name);
  const ask = JSON.parse(messages.find((m) => m.role === 'user')?.content ?? '{}') as {
    lead?: Record<string, string>;
    other_values?: Array<{ kind: string; value: string }>;
  };
  const tools = messages.filter((m) => m.role === 'tool').map((m) => JSON.parse(m.content ?? '{}') as { results?: Array<{ url: string }>; text?: string });
  const page = [...tools].reverse().find((t) => typeof t.text === 'string');
  if (page) return submit(graphFromPage(page.text!));
  if (!offered.includes('web_search')) return submit(EMPTY);
  if (tools.length === 0) return { toolCalls: searches(ask).map((query) => ({ name: 'web_search', arguments: { query } })), usage: FAKE_HUNT_USAGE };
  const hit = tools.flatMap((t) => t.results ?? [])[0];
  if (hit) return { toolCalls: [{ name: 'fetch_page', arguments: { url: hit.url } }], usage: FAKE_HUNT_USAGE };
  return submit(EMPTY);
}

const EMPTY = { contacts: [], phones: [], emails: [], entities: [], confidence: 0, summary_markdown: null };

function submit(graph: unknown): FakeReply {
  return { toolCalls: [{ name: 'submit_result', arguments: graph }], usage: FAKE_HUNT_USAGE };
}

function searches(ask: { lead?: Record<string, string>; other_values?: Array<{ kind: string; value: string }> }): string[] {
  const lead = ask.lead ?? {};
  if (ask.other_values) return ask.other_values.slice(0, 3).map((v) => `${v.value} ${lead.city ?? ''} ${lead.state ?? ''}`.trim());
  const queries = [[lead.company, lead.street, lead.city, lead.state].filter(Boolean).join(' ')];
  if (lead.number1) queries.push(`"${lead.number1}"`);
  return queries.filter((q) => q.trim() !== '');
}

/** The page's record, read back as the model would report it. */
function graphFromPage(text: string): unknown {
  const record = jsonFromText(text) as {
    company?: string;
    city?: string;
    state?: string;
    phones?: Array<{ number: string; type?: string }>;
    contacts?: Array<{ display_name: string; title?: string; phones?: string[]; emails?: string[] }>;
    emails?: Array<{ address: string; type?: string }>;
    entities?: Array<{ legal_name: string; jurisdiction?: string; registration_id?: string }>;
  } | null;
  if (!record?.company) return EMPTY;
  return {
    contacts: record.contacts ?? [],
    phones: (record.phones ?? []).map((p) => ({ e164: p.number, type: p.type ?? null })),
    emails: record.emails ?? [],
    entities: record.entities ?? [],
    confidence: 0.8,
    summary_markdown: `**${record.company}** (${record.city}, ${record.state}): found on its directory page.`,
  };
}
