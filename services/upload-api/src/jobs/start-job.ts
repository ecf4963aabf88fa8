import { beginRun, completeIfDrained, getBalanceMicro, microToUsd, type Database, type JobRecord } from '@bej/db';
import type { Logger } from '@bej/logger';
import { rowEnrichJobId, type QueueClient } from '@bej/queue';
import { AppError } from '../http/app-error.ts';

export interface StartDeps {
  db: Database;
  queues: QueueClient;
  logger: Logger;
  minBalanceMicro: number;
}

/**
 * Start (from `uploaded`) or resume (from `paused`): the balance must reach the minimum,
 * then every waiting row gets one queue job, added in bulk chunks.
 */
export async function startRun(deps: StartDeps, agentId: string, job: JobRecord, from: 'uploaded' | 'paused'): Promise<JobRecord> {
  if (job.status !== from) {
    const verb = from === 'uploaded' ? 'started' : 'resumed';
    throw new AppError('invalid_state', `The job is ${job.status}; only a job that is ${from} can be ${verb}.`, { status: job.status });
  }
  const balance = (await getBalanceMicro(deps.db, agentId)) ?? 0;
  const required = Math.max(deps.minBalanceMicro, job.priceMicro);
  if (balance < required) {
    throw new AppError(
      'insufficient_balance',
      `The balance is ${microToUsd(balance)} USD; at least ${microToUsd(required)} USD is needed to ${from === 'uploaded' ? 'start' : 'resume'}. Top up and try again.`,
      { balance_usd: microToUsd(balance), required_usd: microToUsd(required), shortfall_usd: microToUsd(required - balance) },
    );
  }
  const begun = await deps.db.transaction((tx) => beginRun(tx, job.id, from));
  if (!begun) throw new AppError('invalid_state', 'The job changed state meanwhile; fetch it and try again.');
  const { job: running, rowIndexes } = begun;
  await deps.queues.enqueueBulk(
    'row.enrich',
    rowIndexes.map((rowIndex) => ({ payload: { jobId: running.id, rowIndex, run: running.run }, jobId: rowEnrichJobId(running.id, rowIndex, running.run) })),
  );
  if (rowIndexes.length === 0) await completeIfDrained(deps.db, running.id);
  deps.logger.info(from === 'uploaded' ? 'job started' : 'job resumed', { job_id: running.id, agent_id: agentId, run: running.run, rows: rowIndexes.length });
  return running;
}
