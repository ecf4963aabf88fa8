import { storeHuntUsage, type Executor } from '@bej/db';
import { ProviderAnswerError, ProviderFaultError, ProviderRateLimitError } from '../providers/provider-errors.ts';
import type { HuntOutcome, HuntUsage } from '../providers/provider.ts';
import type { RowEnding } from './hunt-session.ts';

type HuntFault =
  | { kind: 'rate_limited'; waitMs: number; final: false; message: string; usage: null }
  /** `final`: retrying the delivery would not help (a refused or unusable answer). */
  | { kind: 'fault'; final: boolean; message: string; usage: HuntUsage | null };

/** How the row handler treats an error a provider threw (anything unknown is a fault worth a retry). */
export function classifyHuntError(err: unknown): HuntFault {
  if (err instanceof ProviderRateLimitError) return { kind: 'rate_limited', waitMs: err.retryAfterMs, final: false, message: err.message, usage: null };
  if (err instanceof ProviderAnswerError) return { kind: 'fault', final: true, message: err.message, usage: err.usage };
  // The provider already retried (ENRICH_HUNT_MAX_ATTEMPTS): another delivery would only repeat them.
  if (err instanceof ProviderFaultError) return { kind: 'fault', final: true, message: err.message, usage: err.usage };
  return { kind: 'fault', final: false, message: err instanceof Error ? err.message : String(err), usage: null };
}

export function rowEnding(outcome: HuntOutcome): RowEnding {
  if (!outcome.matched) return { type: 'row_empty', message: 'Nothing found; the row was credited' };
  const g = outcome.graph;
  const parts = [`${g.contacts.length} contact(s)`, `${g.phones.length} phone(s)`, `${g.emails.length} email(s)`, `${g.entities.length} entit(ies)`];
  return { type: 'row_done', message: `Found ${parts.join(', ')} (${outcome.pass ?? 'primary'} pass, confidence ${g.confidence})` };
}

export async function storeUsage(db: Executor, jobId: string, rowIndex: number, usage: HuntUsage | null | undefined): Promise<void> {
  if (usage) await storeHuntUsage(db, jobId, rowIndex, usage);
}
