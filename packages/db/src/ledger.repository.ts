import { eq, sql, type SQL } from 'drizzle-orm';
import type { Database, Executor } from './client.ts';
import { agents, ledgerEntries } from './schema.ts';


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

const UNIQUE_VIOLATION = '23505';
const isRowEntryConflict = (err: unknown) => {
  const cause = (err as { cause?: { code?: string; constraint?: string } }).cause ?? (err as { code?: string; constraint?: string });
  return cause.code === UNIQUE_VIOLATION && cause.constraint === 'ledger_entries_row_kind_key';
};

/**
 * Debits one row's price once: a retry of the same row finds its entry and never pays twice.
 * One statement, so the agent row is locked only while it runs (rows of one agent hunt in
 * parallel); two racing debits of one row collide on the ledger's unique key and the loser's
 * whole statement, balance change included, is rolled back.
 */
export async function debitRow(
  db: Executor,
  input: { agentId: string; jobId: string; rowIndex: number; amountMicro: number },
): Promise<DebitOutcome> {
  const { agentId, jobId, rowIndex, amountMicro } = input;
  try {
    const result = await db.execute<{ debited: number; already: number }>(sql`
      with existing as (
        select 1 from ledger_entries where job_id = ${jobId} and row_index = ${rowIndex} and kind = 'row_debit'
      ), charged as (
        update agents set balance_micro = balance_micro - ${amountMicro}
        where id = ${agentId} and balance_micro >= ${amountMicro} and not exists (select 1 from existing)
        returning balance_micro
      ), entry as (
        insert into ledger_entries (agent_id, kind, amount_micro, balance_after_micro, job_id, row_index, reason)
        select ${agentId}, 'row_debit', ${-amountMicro}, balance_micro, ${jobId}, ${rowIndex}, 'row hunt started' from charged
        returning id
      )
      select (select count(*) from entry)::int as debited, (select count(*) from existing)::int as already`);
    const row = result.rows[0]!;
    if (row.debited > 0) return 'debited';
    return row.already > 0 ? 'already_debited' : 'insufficient';
  } catch (err) {
    if (isRowEntryConflict(err)) return 'already_debited';
    throw err;
  }
}

/**
 * The CTEs of a refund (debit → existing → credited → entry), gated by `when` so another
 * statement can make its refund conditional on its own change (see finishRow).
 */
export function refundCtes(input: { agentId: string; jobId: string; rowIndex: number; reason: string }, when: SQL = sql`true`): SQL {
  const { agentId, jobId, rowIndex, reason } = input;
  return sql`debit as (
      select -amount_micro as amount from ledger_entries
      where job_id = ${jobId} and row_index = ${rowIndex} and kind = 'row_debit' and (${when})
    ), existing as (
      select 1 from ledger_entries where job_id = ${jobId} and row_index = ${rowIndex} and kind = 'row_refund'
    ), credited as (
      update agents set balance_micro = balance_micro + (select amount from debit)
      where id = ${agentId} and exists (select 1 from debit) and not exists (select 1 from existing)
      returning balance_micro
    ), entry as (
      insert into ledger_entries (agent_id, kind, amount_micro, balance_after_micro, job_id, row_index, reason)
      select ${agentId}, 'row_refund', (select amount from debit), balance_micro, ${jobId}, ${rowIndex}, ${reason} from credited
      returning id
    )`;
}

/** Credits back a row's debit once (empty or failed row); does nothing when it was never debited. */
export async function refundRow(
  db: Executor,
  input: { agentId: string; jobId: string; rowIndex: number; reason: string },
): Promise<'refunded' | 'already_refunded' | 'not_debited'> {
  try {
    const result = await db.execute<{ refunded: number; debits: number }>(sql`
      with ${refundCtes(input)}
      select (select count(*) from entry)::int as refunded, (select count(*) from debit)::int as debits`);
    const row = result.rows[0]!;
    if (row.refunded > 0) return 'refunded';
    return row.debits === 0 ? 'not_debited' : 'already_refunded';
  } catch (err) {
    if (isRowEntryConflict(err)) return 'already_refunded';
    throw err;
  }
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
