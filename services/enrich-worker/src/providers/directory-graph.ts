import type { ResultContact, ResultEmail, ResultEntity, ResultGraph, ResultPhone } from '@bej/leads';
import { normalisePhone } from '@bej/leads';
import type { DirectoryMatch, MatchCriterion } from './directory-match.ts';

export type HuntPass = 'primary' | 'supplement';

const SINGLE_CRITERION_CONFIDENCE: Record<MatchCriterion, number> = { phone: 0.88, company: 0.9, street: 0.85, account_id: 0.9 };
// A match found only through another column's value is less certain than one on the lead's own fields.
const SUPPLEMENT_FACTOR = 0.9;

const CRITERION_LABELS: Record<MatchCriterion, string> = {
  phone: 'phone',
  company: 'company name',
  street: 'street address',
  account_id: 'account id',
};

/** Turns a matched record into the result graph (without `input`). */
export function buildMatchGraph(match: DirectoryMatch, pass: HuntPass, toolTrace: unknown[]): Omit<ResultGraph, 'input'> {
  const { record } = match.record;
  const contacts: ResultContact[] = record.contacts.map((contact) => ({
    display_name: contact.display_name,
    title: contact.title,
    phones: unique(contact.phones.map((phone) => normalisePhone(phone) ?? phone)),
    emails: unique(contact.emails),
  }));
  const phones: ResultPhone[] = [];
  for (const phone of record.phones) {
    const e164 = normalisePhone(phone.number);
    // `e164` promises E.164; a record phone that does not parse is left out rather than mislabelled.
    if (e164 !== null && !phones.some((seen) => seen.e164 === e164)) phones.push({ e164, type: phone.type });
  }
  const emails: ResultEmail[] = [];
  for (const email of record.emails) {
    if (!emails.some((seen) => seen.address.toLowerCase() === email.address.toLowerCase())) emails.push({ address: email.address, type: email.type });
  }
  const entities: ResultEntity[] = record.entities.map((entity) => ({
    legal_name: entity.legal_name,
    jurisdiction: entity.jurisdiction,
    registration_id: entity.registration_id,
  }));
  const graph = { contacts, phones, emails, entities, confidence: confidenceOf(match.criteria, pass), summary_markdown: '', tool_trace: toolTrace };
  graph.summary_markdown = summaryOf(record.company, match.criteria, pass, graph);
  return graph;
}

/** 0..1 from how many independent facts agree, lowered for the supplement pass. */
function confidenceOf(criteria: MatchCriterion[], pass: HuntPass): number {
  const first = criteria[0];
  if (first === undefined) return 0;
  const base = criteria.length >= 3 ? 0.98 : criteria.length === 2 ? 0.95 : SINGLE_CRITERION_CONFIDENCE[first];
  const value = pass === 'supplement' ? base * SUPPLEMENT_FACTOR : base;
  return Math.round(value * 100) / 100;
}

/** `a`, `a and b`, `a, b and c`. */
export function describeCriteria(criteria: MatchCriterion[]): string {
  const labels = criteria.map((criterion) => CRITERION_LABELS[criterion]);
  if (labels.length <= 1) return labels.join('');
  return `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1]}`;
}

function summaryOf(company: string, criteria: MatchCriterion[], pass: HuntPass, graph: Omit<ResultGraph, 'input'>): string {
  const passLabel = pass === 'primary' ? 'first pass' : 'supplement pass';
  const found = [
    count(graph.contacts.length, 'contact', 'contacts'),
    count(graph.phones.length, 'phone', 'phones'),
    count(graph.emails.length, 'email', 'emails'),
    count(graph.entities.length, 'legal entity', 'legal entities'),
  ].join(', ');
  return `**${escapeMarkdown(company)}** — matched by ${describeCriteria(criteria)} (${passLabel}); ${found}.`;
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]<>#|~]/g, (character) => `\\${character}`);
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
