import { eq, sql } from 'drizzle-orm';
import type { Executor } from './client.ts';
import { ledgerEntries } from './schema.ts';

const UNIQUE_VIOLATION = '23505';

export type PaymentCredit = { credited: true; balanceMicro: number } | { credited: false; reason: 'already_credited' | 'no_agent' };

/**
 * Credits a settled wallet payment once: the ledger's unique `payment_ref` makes a replayed
 * payment (or two racing requests carrying it) credit a single time. One statement, so the
 * balance and its entry move together.
 */
export async function creditPayment(
  db: Executor,
  input: { agentId: string; amountMicro: number; paymentRef: string; reason: string },
): Promise<PaymentCredit> {
  const { agentId, amountMicro, paymentRef, reason } = input;
  if (!Number.isSafeInteger(amountMicro) || amountMicro <= 0) throw new Error('a payment credit must be a positive amount');
  try {
    const result = await db.execute<{ balance_micro: string | null; already: number }>(sql`
      with existing as (
        select 1 from ledger_entries where payment_ref = ${paymentRef}
      ), credited as (
        update agents set balance_micro = balance_micro + ${amountMicro}
        where id = ${agentId} and not exists (select 1 from existing)
        returning balance_micro
      ), entry as (
        insert into ledger_entries (agent_id, kind, amount_micro, balance_after_micro, reason, payment_ref)
        select ${agentId}, 'x402_payment', ${amountMicro}, balance_micro, ${reason}, ${paymentRef} from credited
        returning balance_after_micro
      )
      select (select balance_after_micro from entry) as balance_micro, (select count(*) from existing)::int as already`);
    const row = result.rows[0]!;
    if (row.balance_micro !== null) return { credited: true, balanceMicro: Number(row.balance_micro) };
    return { credited: false, reason: row.already > 0 ? 'already_credited' : 'no_agent' };
  } catch (err) {
    const cause = (err as { cause?: { code?: string; constraint?: string } }).cause ?? (err as { code?: string; constraint?: string });
    if (cause.code === UNIQUE_VIOLATION && cause.constraint === 'ledger_entries_payment_ref_key') return { credited: false, reason: 'already_credited' };
    throw err;
  }
}

/** The agent a payment was credited to, if it was (a replay by someone else must not start their job). */
export async function paymentCreditedTo(db: Executor, paymentRef: string): Promise<string | null> {
  const [entry] = await db.select({ agentId: ledgerEntries.agentId }).from(ledgerEntries).where(eq(ledgerEntries.paymentRef, paymentRef));
  return entry?.agentId ?? null;
}
