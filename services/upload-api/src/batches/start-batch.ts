import { beginRun, completeIfDrained, getBalanceMicro, microToUsd, reuseEarlierResults, setSpendCap, type Database, type BatchRecord } from '@bej/db';
import type { Logger } from '@bej/logger';
import { rowEnrichQueueJobId, rowPriority, type QueueClient } from '@bej/queue';
import { AppError } from '../http/app-error.ts';

export interface StartDeps {
  db: Database;
  queues: QueueClient;
  logger: Logger;
  minBalanceMicro: number;
  /** BATCH_ENRICH_REUSE_DAYS: identical leads matched this recently are reused, free, at start. */
  reuseWithinDays: number;
}

/** What the balance must reach to start or resume: the minimum, and at least one row's price. */
export function requiredBalanceMicro(deps: StartDeps, job: BatchRecord): number {
  return Math.max(deps.minBalanceMicro, job.priceMicro);
}

/** A cap that cannot pay the next row would pause the job at once: refuse it up front. */
export function checkSpendCap(job: BatchRecord, maxSpendMicro: number | null): void {
  if (maxSpendMicro === null || job.ledgerSpentMicro + job.priceMicro <= maxSpendMicro) return;
  throw new AppError(
    'spend_cap_reached',
    `The job has spent ${microToUsd(job.ledgerSpentMicro)} USD of its ${microToUsd(maxSpendMicro)} USD cap; the next row costs ${microToUsd(job.priceMicro)} USD. ` +
      `Send {"max_spend_usd": ${microToUsd(job.ledgerSpentMicro + job.priceMicro)}} or more to continue.`,
    { spent_usd: microToUsd(job.ledgerSpentMicro), max_spend_usd: microToUsd(maxSpendMicro), price_usd: microToUsd(job.priceMicro) },
  );
}

/**
 * Start (from `uploaded`) or resume (from `paused`): the spend cap (a new one may come with the
 * call) must leave room for a row, the balance must reach the minimum; rows whose identical lead
 * this agent matched recently are finished from that result (dedupe), then every other waiting row
 * gets one queue job, added in bulk chunks.
 */
export async function startRun(
  deps: StartDeps,
  agentId: string,
  job: BatchRecord,
  from: 'uploaded' | 'paused',
  opts: { maxSpendMicro?: number } = {},
): Promise<BatchRecord> {
  if (job.status !== from) {
    const verb = from === 'uploaded' ? 'started' : 'resumed';
    throw new AppError('invalid_state', `The job is ${job.status}; only a job that is ${from} can be ${verb}.`, { status: job.status });
  }
  checkSpendCap(job, opts.maxSpendMicro ?? job.maxSpendMicro);
  const balance = (await getBalanceMicro(deps.db, agentId)) ?? 0;
  const required = requiredBalanceMicro(deps, job);
  if (balance < required) {
    throw new AppError(
      'insufficient_balance',
      `The balance is ${microToUsd(balance)} USD; at least ${microToUsd(required)} USD is needed to ${from === 'uploaded' ? 'start' : 'resume'}. Top up and try again.`,
      { balance_usd: microToUsd(balance), required_usd: microToUsd(required), shortfall_usd: microToUsd(required - balance) },
    );
  }
  const begun = await deps.db.transaction(async (tx) => {
    if (opts.maxSpendMicro !== undefined && !(await setSpendCap(tx, job.id, opts.maxSpendMicro))) {
      throw new AppError('spend_cap_reached', 'The job spent more than this cap meanwhile; fetch it and send a higher max_spend_usd.');
    }
    const reused = await reuseEarlierResults(tx, { jobId: job.id, agentId, withinDays: deps.reuseWithinDays });
    const run = await beginRun(tx, job.id, from);
    if (run && reused > 0) deps.logger.info('rows reused', { job_id: job.id, agent_id: agentId, rows: reused });
    // Throwing rolls the new cap back with the failed start.
    if (!run) throw new AppError('invalid_state', 'The job changed state meanwhile; fetch it and try again.');
    return run;
  });
  const { job: running, rowIndexes } = begun;
  await deps.queues.enqueueBulk(
    'row.enrich',
    // Rank within this run = priority: batches share the workers row by row (see rowPriority).
    rowIndexes.map((rowIndex, i) => ({
      payload: { jobId: running.id, rowIndex, run: running.run },
      jobId: rowEnrichQueueJobId(running.id, rowIndex, running.run),
      priority: rowPriority(i + 1),
    })),
  );
  if (rowIndexes.length === 0) await completeIfDrained(deps.db, running.id);
  deps.logger.info(from === 'uploaded' ? 'job started' : 'job resumed', { job_id: running.id, agent_id: agentId, run: running.run, rows: rowIndexes.length });
  return running;
}
