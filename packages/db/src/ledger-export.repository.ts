import { and, asc, eq, gt } from 'drizzle-orm';
import type { Executor } from './client.ts';
import { ledgerEntries } from './schema.ts';

const columns = {
  id: ledgerEntries.id,
  at: ledgerEntries.createdAt,
  jobId: ledgerEntries.jobId,
  rowIndex: ledgerEntries.rowIndex,
  kind: ledgerEntries.kind,
  amountMicro: ledgerEntries.amountMicro,
  balanceAfterMicro: ledgerEntries.balanceAfterMicro,
  reason: ledgerEntries.reason,
};

export type LedgerLine = { id: number; at: Date; jobId: string | null; rowIndex: number | null; kind: string; amountMicro: number; balanceAfterMicro: number; reason: string };

/** One keyset page of a ledger in entry order: a job's entries, or all of an agent's. */
export async function ledgerPage(
  db: Executor,
  scope: { jobId: string } | { agentId: string },
  afterId: number,
  limit: number,
): Promise<LedgerLine[]> {
  const owner = 'jobId' in scope ? eq(ledgerEntries.jobId, scope.jobId) : eq(ledgerEntries.agentId, scope.agentId);
  return db.select(columns).from(ledgerEntries).where(and(owner, gt(ledgerEntries.id, afterId))).orderBy(asc(ledgerEntries.id)).limit(limit);
}
