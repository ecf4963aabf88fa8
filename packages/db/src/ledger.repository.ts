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

/** `spend_cap`: paying the row would take the job's net spend past its `max_spend_micro`. */
export type DebitOutcome = 'debited' | 'already_debited' | 'insufficient' | 'spend_cap';

const UNIQUE_VIOLATION = '23505';
const isUniqueConflict = (constraint: string) => (err: unknown) => {
  const cause = (err as { cause?: { code?: string; constraint?: string } }).cause ?? (err as { code?: string; constraint?: string });
  return cause.code === UNIQUE_VIOLATION && cause.constraint === constraint;
};
export const isRowEntryConflict = isUniqueConflict('ledger_entries_row_kind_key');

/**
 * Debits one row's price once: a retry of the same row finds its entry and never pays twice.
 * One statement, so the agent and job rows are locked only while it runs (rows of one agent
 * hunt in parallel). The agent row is locked first (FOR UPDATE), then the job's net spend
 * moves only when the balance covers the price and the job's cap still has room: concurrent
 * debits re-check the cap against the newest job row, so no concurrency can pass it (and the
 * job's CHECK would refuse it anyway). Two racing debits of one row collide on the ledger's
 * unique key and the loser's whole statement, balance and spend included, is rolled back.
 */
export async function debitRow(
  db: Executor,
  input: { agentId: string; jobId: string; rowIndex: number; amountMicro: number },
): Promise<DebitOutcome> {
  const { agentId, jobId, rowIndex, amountMicro } = input;
  try {
    const result = await db.execute<{ debited: number; already: number; balance_ok: boolean }>(sql`
      with ${debitCtes({ agent: sql`${agentId}`, amount: sql`${amountMicro}`, jobId, rowIndex })}
      select (select count(*) from entry)::int as debited, (select count(*) from existing)::int as already,
        coalesce((select balance_micro from account), 0) >= ${amountMicro} as balance_ok`);
    const row = result.rows[0]!;
    if (row.debited > 0) return 'debited';
    if (row.already > 0) return 'already_debited';
    return row.balance_ok ? 'spend_cap' : 'insufficient';
  } catch (err) {
    if (isRowEntryConflict(err)) return 'already_debited';
    throw err;
  }
}

/**
 * The CTEs of a row's debit (existing → account locked → the job's net spend under its cap →
 * agents → entry), for debitRow and for claimAndDebitRow, where `agent` and `amount` are read
 * from the claimed row and `when` gates the debit on the claim.
 */
export function debitCtes(input: { agent: SQL; amount: SQL; jobId: string; rowIndex: number }, when: SQL = sql`true`): SQL {
  const { agent, amount, jobId, rowIndex } = input;
  return sql`existing as (
        select 1 from ledger_entries where job_id = ${jobId} and row_index = ${rowIndex} and kind = 'row_debit'
      ), account as (
        select balance_micro from agents where id = ${agent} for update
      ), job as (
        update batch_enrich_job set ledger_spent_micro = ledger_spent_micro + ${amount}
        where id = ${jobId} and ${when} and not exists (select 1 from existing)
          and (select balance_micro from account) >= ${amount}
          and (max_spend_micro is null or ledger_spent_micro + ${amount} <= max_spend_micro)
        returning id
      ), charged as (
        update agents set balance_micro = balance_micro - ${amount}
        where id = ${agent} and exists (select 1 from job)
        returning balance_micro
      ), entry as (
        insert into ledger_entries (agent_id, kind, amount_micro, balance_after_micro, job_id, row_index, reason)
        select ${agent}, 'row_debit', -(${amount})::bigint, balance_micro, ${jobId}, ${rowIndex}, 'row hunt started' from charged
        returning id
      )`;
}

/**
 * The CTEs of a refund (debit → existing → credited → entry → the job's net spend), gated by `when` so another
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
    ), unspent as (
      update batch_enrich_job set ledger_spent_micro = ledger_spent_micro - (select amount from debit)
      where id = ${jobId} and exists (select 1 from entry)
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
