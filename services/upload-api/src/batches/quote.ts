import { countReusableRows, batchTotals, microToUsd, quoteCounts, type Executor, type BatchRecord } from '@bej/db';

/**
 * What a start (or resume) can cost, before it spends anything. Rows are billed only on match,
 * so `max_cost_usd` is the most it can cost: every row to enrich matching, less the rows whose
 * identical lead this agent matched recently (reused free), never more than the spend cap leaves.
 */
export async function presentQuote(db: Executor, job: BatchRecord, reuseWithinDays: number, balanceMicro: number | null) {
  const counts = await quoteCounts(db, job.id);
  const reusable = await countReusableRows(db, { jobId: job.id, agentId: job.agentId, withinDays: reuseWithinDays });
  const totals = await batchTotals(db, job.id);
  const billableRows = counts.toEnrich - reusable;
  let payableRows = billableRows;
  if (job.maxSpendMicro !== null) payableRows = Math.min(billableRows, Math.max(0, Math.floor((job.maxSpendMicro - job.ledgerSpentMicro) / job.priceMicro)));
  return {
    id: job.id,
    status: job.status,
    rows_to_enrich: counts.toEnrich,
    invalid_rows: counts.invalid,
    skipped_rows: counts.skipped,
    reusable_rows: reusable,
    price_usd: microToUsd(job.priceMicro),
    max_cost_usd: microToUsd(payableRows * job.priceMicro),
    max_spend_usd: job.maxSpendMicro === null ? null : microToUsd(job.maxSpendMicro),
    spent_usd: microToUsd(totals.spentMicro),
    billed: 'per matched row; a row that finds nothing is credited back',
    ...(balanceMicro === null ? {} : { balance_usd: microToUsd(balanceMicro) }),
  };
}
