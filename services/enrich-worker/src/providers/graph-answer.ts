import { z } from 'zod';
import { normalisePhone, type ResultContact, type ResultEmail, type ResultEntity, type ResultGraph, type ResultPhone } from '@bej/leads';

/**
 * A provider's answer (the model's JSON, a vendor's body) turned into a result graph. Each
 * part is checked on its own: a bad contact, an unparseable phone or an invalid email is
 * dropped (and listed in `problems`) while the rest is kept. Only an answer that is not a
 * graph at all is refused (null).
 */
export interface GraphAnswer {
  graph: Omit<ResultGraph, 'input' | 'tool_trace'>;
  matched: boolean;
  problems: string[];
}

const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) =>
  z
    .unknown()
    .optional()
    .transform((v) => (typeof v === 'string' && v.trim() !== '' ? v.trim().slice(0, max) : null));
const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[A-Za-z]{2,}$/;

const contactSchema = z.object({
  display_name: text(200),
  title: optionalText(200),
  phones: z.array(z.unknown()).optional().default([]),
  emails: z.array(z.unknown()).optional().default([]),
});
const phoneSchema = z.union([
  z.object({ e164: z.string(), type: optionalText(40) }),
  z.object({ number: z.string(), type: optionalText(40) }),
  z.string(),
]);
const emailSchema = z.union([z.object({ address: z.string(), type: optionalText(40) }), z.string()]);
const entitySchema = z.object({ legal_name: text(300), jurisdiction: optionalText(80), registration_id: optionalText(80) });

const GRAPH_KEYS = ['contacts', 'phones', 'emails', 'entities', 'confidence', 'summary_markdown'];
const MAX_ITEMS = 50;

export function parseGraphAnswer(raw: unknown): GraphAnswer | null {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return null;
  const answer = raw as Record<string, unknown>;
  if (!GRAPH_KEYS.some((key) => key in answer)) return null;
  const problems: string[] = [];
  const items = (key: string): unknown[] => {
    const value = answer[key];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
      problems.push(`${key}: not a list`);
      return [];
    }
    if (value.length > MAX_ITEMS) problems.push(`${key}: ${value.length - MAX_ITEMS} item(s) over the limit dropped`);
    return value.slice(0, MAX_ITEMS);
  };

  const phones: ResultPhone[] = [];
  items('phones').forEach((item, i) => {
    const parsed = phoneSchema.safeParse(item);
    if (!parsed.success) return void problems.push(`phones.${i}: not a phone`);
    const value = parsed.data;
    const rawNumber = typeof value === 'string' ? value : 'e164' in value ? value.e164 : value.number;
    const e164 = normalisePhone(rawNumber);
    if (e164 === null) return void problems.push(`phones.${i}: not a valid number`);
    if (!phones.some((p) => p.e164 === e164)) phones.push({ e164, type: typeof value === 'string' ? null : value.type });
  });

  const emails: ResultEmail[] = [];
  items('emails').forEach((item, i) => {
    const parsed = emailSchema.safeParse(item);
    const address = parsed.success ? (typeof parsed.data === 'string' ? parsed.data : parsed.data.address).trim() : '';
    if (!EMAIL.test(address) || address.length > 254) return void problems.push(`emails.${i}: not an email address`);
    if (!emails.some((e) => e.address.toLowerCase() === address.toLowerCase())) {
      emails.push({ address, type: parsed.success && typeof parsed.data !== 'string' ? parsed.data.type : null });
    }
  });

  const contacts: ResultContact[] = [];
  items('contacts').forEach((item, i) => {
    const parsed = contactSchema.safeParse(item);
    if (!parsed.success) return void problems.push(`contacts.${i}: ${parsed.error.issues[0]?.path.join('.') || 'shape'} invalid`);
    const contactPhones = [...new Set(parsed.data.phones.flatMap((p) => (typeof p === 'string' && normalisePhone(p) ? [normalisePhone(p)!] : [])))];
    const contactEmails = [...new Set(parsed.data.emails.flatMap((e) => (typeof e === 'string' && EMAIL.test(e.trim()) ? [e.trim()] : [])))];
    if (contactPhones.length < parsed.data.phones.length || contactEmails.length < parsed.data.emails.length) problems.push(`contacts.${i}: invalid phones or emails dropped`);
    contacts.push({ display_name: parsed.data.display_name, title: parsed.data.title, phones: contactPhones, emails: contactEmails });
  });

  const entities: ResultEntity[] = [];
  items('entities').forEach((item, i) => {
    const parsed = entitySchema.safeParse(item);
    if (!parsed.success) return void problems.push(`entities.${i}: invalid`);
    entities.push(parsed.data);
  });

  const matched = contacts.length + phones.length + emails.length + entities.length > 0;
  let confidence = typeof answer.confidence === 'number' && Number.isFinite(answer.confidence) ? answer.confidence : null;
  if (confidence === null || confidence < 0 || confidence > 1) {
    if (answer.confidence !== undefined) problems.push('confidence: not a number from 0 to 1');
    confidence = matched ? 0.5 : 0;
  }
  if (!matched) confidence = 0;
  const summary = typeof answer.summary_markdown === 'string' && answer.summary_markdown.trim() !== '' ? answer.summary_markdown.trim().slice(0, 4000) : null;
  return { graph: { contacts, phones, emails, entities, confidence: Math.round(confidence * 100) / 100, summary_markdown: matched ? summary : null }, matched, problems };
}

/** The JSON an answer's text holds: plain, or inside a ```json fence, or the outermost {...}. Null when none parses. */
export function jsonFromText(content: string | null | undefined): unknown {
  if (!content) return null;
  const candidates = [content.trim()];
  const fence = /```(?:json)?\s*([\s\S]*?)```/i.exec(content);
  if (fence?.[1]) candidates.push(fence[1].trim());
  const first = content.indexOf('{');
  const last = content.lastIndexOf('}');
  if (first >= 0 && last > first) candidates.push(content.slice(first, last + 1));
  for (const candidate of candidates) {
    try {
      return JSON.parse(candidate);
    } catch (err) {
      void err; // Try the next reading; none parsing is answered with null.
    }
  }
  return null;
}
