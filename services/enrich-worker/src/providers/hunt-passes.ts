import { CANONICAL_FIELDS, type CanonicalLead, type RowVariant } from '@bej/leads';
import type { GraphAnswer } from './graph-answer.ts';
import { emptyHuntGraph, type HuntEvent, type HuntOutcome, type HuntRequest, type HuntUsage } from './provider.ts';

type HuntPassName = 'primary' | 'supplement';

export interface PassResult {
  /** Null when the pass ended without an answer (e.g. the cost ceiling). */
  answer: GraphAnswer | null;
  trace: unknown[];
  /** Set when the pass may not be followed by another (ceiling reached). */
  stop: string | null;
}

type RunPass = (pass: HuntPassName, lead: CanonicalLead, variants: RowVariant[], emit: (e: HuntEvent) => void) => Promise<PassResult>;

/** Which fields a pass uses (names only: events never need the values to say what is searched). */
function passKeys(pass: HuntPassName, lead: CanonicalLead, variants: RowVariant[]): string {
  if (pass === 'primary') {
    // Canonical order: the stored lead is jsonb, whose key order is PostgreSQL's.
    const keys = CANONICAL_FIELDS.filter((key) => key !== 'contact_id' && lead[key] !== null && lead[key] !== undefined);
    return keys.length > 0 ? keys.join(', ') : 'no fields';
  }
  const counts = new Map<string, number>();
  for (const v of variants) counts.set(v.kind, (counts.get(v.kind) ?? 0) + 1);
  return [...counts].map(([kind, n]) => `${kind} ×${n}`).join(', ');
}

/**
 * The rule every remote provider follows (as the directory does): a first pass on the primary
 * fields; a supplement pass with the row's search variants only when the first found nothing
 * and the row has variants.
 */
export async function runHuntPasses(request: HuntRequest, runPass: RunPass, usage: () => HuntUsage | undefined): Promise<HuntOutcome> {
  const emit = (event: HuntEvent) => request.onEvent?.(event);
  const trace: unknown[] = [];
  emit({ type: 'pass_started', message: `Primary pass with ${passKeys('primary', request.lead, [])}` });
  const primary = await runPass('primary', request.lead, [], emit);
  trace.push({ pass: 'primary', steps: primary.trace, problems: primary.answer?.problems ?? [] });
  emit({ type: 'pass_finished', message: passSummary('Primary', primary) });
  if (primary.answer?.matched) return outcome(primary.answer, 'primary', trace, usage());
  if (primary.stop) {
    trace.push({ pass: 'supplement', skipped: primary.stop });
    return { matched: false, pass: null, graph: emptyHuntGraph(trace), usage: usage() };
  }
  if (request.variants.length === 0) {
    trace.push({ pass: 'supplement', skipped: 'no search variants on this row' });
    return { matched: false, pass: null, graph: emptyHuntGraph(trace), usage: usage() };
  }
  request.signal?.throwIfAborted();
  emit({ type: 'pass_started', message: `Supplement pass with ${passKeys('supplement', request.lead, request.variants)}` });
  const supplement = await runPass('supplement', request.lead, request.variants, emit);
  trace.push({ pass: 'supplement', steps: supplement.trace, problems: supplement.answer?.problems ?? [] });
  emit({ type: 'pass_finished', message: passSummary('Supplement', supplement) });
  if (supplement.answer?.matched) return outcome(supplement.answer, 'supplement', trace, usage());
  return { matched: false, pass: null, graph: emptyHuntGraph(trace), usage: usage() };
}

function outcome(answer: GraphAnswer, pass: HuntPassName, trace: unknown[], usage: HuntUsage | undefined): HuntOutcome {
  return { matched: true, pass, graph: { ...answer.graph, tool_trace: trace }, usage };
}

function passSummary(name: string, result: PassResult): string {
  if (result.stop && !result.answer) return `${name} pass stopped: ${result.stop}`;
  if (!result.answer?.matched) return `${name} pass found nothing`;
  const g = result.answer.graph;
  const dropped = result.answer.problems.length > 0 ? `; ${result.answer.problems.length} invalid part(s) dropped` : '';
  return `${name} pass found ${g.contacts.length} contact(s), ${g.phones.length} phone(s), ${g.emails.length} email(s), ${g.entities.length} entit(ies)${dropped}`;
}
