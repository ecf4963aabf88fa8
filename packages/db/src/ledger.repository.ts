import { and, eq, sql } from 'drizzle-orm';
import type { Database, Executor } from './client.ts';
import { agents, ledgerEntries } from './schema.ts';

export type LedgerKind = 'admin_credit' | 'topup' | 'row_debit' | 'row_refund';

/**
 * Every balance movement is one ledger entry written in the same transaction as the
 * balance change, with the agent row locked: the balance always equals the ledger's sum
 * and the CHECK constraints keep both non-negative under any concurrency.
 */
export async function creditAgent(
  db: Database,
  input: { agentId: string; amountMicro: number; kind: 'admin_credit' | 'topup'; reason: string },
): Promise<number | null> {
  if (!Number.isSafeInteger(input.amountMicro) || input.amountMicro <= 0) throw new Error('credit must be a positive amount');
  return db.transaction(async (tx) => {
    const [updated] = await tx
      .update(agents)
      .set({ balanceMicro: sql`${agents.balanceMicro} + ${input.amountMicro}` })
      .where(eq(agents.id, input.agentId))
      .returning({ balanceMicro: agents.balanceMicro });
    if (!updated) return null;
    await tx.insert(ledgerEntries).values({
      agentId: input.agentId,
      kind: input.kind,
      amountMicro: input.amountMicro,
      balanceAfterMicro: updated.balanceMicro,
      reason: input.reason,
    });
    return updated.balanceMicro;
  });
}

export type DebitOutcome = 'debited' | 'already_debited' | 'insufficient';

/** Debits one row's price once: a retry of the same row finds its entry and never pays twice. */
export async function debitRow(
  tx: Executor,
  input: { agentId: string; jobId: string; rowIndex: number; amountMicro: number },
): Promise<DebitOutcome> {
  const [agent] = await tx
    .select({ balanceMicro: agents.balanceMicro })
    .from(agents)
    .where(eq(agents.id, input.agentId))
    .for('update');
  if (!agent) throw new Error('agent of the job no longer exists');
  if (await rowEntryExists(tx, input.jobId, input.rowIndex, 'row_debit')) return 'already_debited';
  if (agent.balanceMicro < input.amountMicro) return 'insufficient';
  const balanceAfter = agent.balanceMicro - input.amountMicro;
  await tx.update(agents).set({ balanceMicro: balanceAfter }).where(eq(agents.id, input.agentId));
  await tx.insert(ledgerEntries).values({
    agentId: input.agentId,
    kind: 'row_debit',
    amountMicro: -input.amountMicro,
    balanceAfterMicro: balanceAfter,
    jobId: input.jobId,
    rowIndex: input.rowIndex,
    reason: 'row hunt started',
  });
  return 'debited';
}

/** Credits back a row's debit once (empty or failed row); does nothing when it was never debited. */
export async function refundRow(
  tx: Executor,
  input: { agentId: string; jobId: string; rowIndex: number; reason: string },
): Promise<'refunded' | 'already_refunded' | 'not_debited'> {
  const [agent] = await tx
    .select({ balanceMicro: agents.balanceMicro })
    .from(agents)
    .where(eq(agents.id, input.agentId))
    .for('update');
  if (!agent) throw new Error('agent of the job no longer exists');
  const [debit] = await tx
    .select({ amountMicro: ledgerEntries.amountMicro })
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.jobId, input.jobId), eq(ledgerEntries.rowIndex, input.rowIndex), eq(ledgerEntries.kind, 'row_debit')));
  if (!debit) return 'not_debited';
  if (await rowEntryExists(tx, input.jobId, input.rowIndex, 'row_refund')) return 'already_refunded';
  const amount = -debit.amountMicro;
  const balanceAfter = agent.balanceMicro + amount;
  await tx.update(agents).set({ balanceMicro: balanceAfter }).where(eq(agents.id, input.agentId));
  await tx.insert(ledgerEntries).values({
    agentId: input.agentId,
    kind: 'row_refund',
    amountMicro: amount,
    balanceAfterMicro: balanceAfter,
    jobId: input.jobId,
    rowIndex: input.rowIndex,
    reason: input.reason,
  });
  return 'refunded';
}

async function rowEntryExists(tx: Executor, jobId: string, rowIndex: number, kind: LedgerKind): Promise<boolean> {
  const found = await tx
    .select({ id: ledgerEntries.id })
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.jobId, jobId), eq(ledgerEntries.rowIndex, rowIndex), eq(ledgerEntries.kind, kind)))
    .limit(1);
  return found.length > 0;
}

export async function getBalanceMicro(db: Executor, agentId: string): Promise<number | null> {
  const [agent] = await db.select({ balanceMicro: agents.balanceMicro }).from(agents).where(eq(agents.id, agentId));
  return agent ? agent.balanceMicro : null;
}

/** Sum of the agent's ledger: what the balance must always equal. */
export async function ledgerSumMicro(db: Executor, agentId: string): Promise<number> {
  const [row] = await db
    .select({ total: sql<string>`coalesce(sum(${ledgerEntries.amountMicro}), 0)` })
    .from(ledgerEntries)
    .where(eq(ledgerEntries.agentId, agentId));
  return Number(row?.total ?? 0);
}
