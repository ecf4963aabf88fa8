import { UnrecoverableError, type Job } from 'bullmq';
import {
  claimRow,
  completeIfDrained,
  debitRow,
  failRow,
  finishRow,
  pauseRun,
  refundRow,
  releaseRow,
  type Database,
} from '@bej/db';
import type { CanonicalLead, ResultGraph, RowVariant } from '@bej/leads';
import type { Logger } from '@bej/logger';
import { rowEnrichJobId, type JobPayload, type QueueClient } from '@bej/queue';
import { HuntInterrupted, huntUnderLease } from './hunt-under-lease.ts';
import type { EnrichProvider, HuntEvent } from './providers/provider.ts';
import { releaseInterruptedRow } from './release-interrupted-row.ts';

export interface EnrichRowDeps {
  db: Database;
  queues: QueueClient;
  provider: EnrichProvider;
  logger: Logger;
  /** Row lease length (ROW_LEASE_MS); the heartbeat renews it while the row is hunted. */
  leaseMs?: number;
  /** Aborted when the worker's shutdown grace ran out. */
  stopping?: AbortSignal;
}

export type EnrichRowOutcome =
  | 'matched'
  | 'empty'
  | 'paused'
  | 'failed'
  | 'stale'
  | 'job_not_running'
  | 'not_claimable'
  | 'requeued'
  | 'lease_lost';

function foundCounts(graph: Omit<ResultGraph, 'input'>) {
  const phones = new Set([...graph.phones.map((p) => p.e164), ...graph.contacts.flatMap((c) => c.phones)]);
  const emails = new Set([...graph.emails.map((e) => e.address.toLowerCase()), ...graph.contacts.flatMap((c) => c.emails.map((e) => e.toLowerCase()))]);
  return { people: graph.contacts.length, phones: phones.size, emails: emails.size };
}

/**
 * One row: claim → debit (once per row, ever) → hunt → store the graph and, when the hunt
 * came back empty, credit the debit back, in one statement. Errors propagate so BullMQ
 * retries; the last attempt marks the row failed and refunds it.
 */
export function createEnrichRowHandler(deps: EnrichRowDeps) {
  const { db, queues, provider, logger } = deps;
  const leaseMs = deps.leaseMs ?? 15_000;

  async function redeliver(jobId: string, rowIndex: number, newRun: number) {
    await queues.enqueue('row.enrich', { jobId, rowIndex, run: newRun }, { jobId: rowEnrichJobId(jobId, rowIndex, newRun) });
  }

  async function afterRow(jobId: string, agentId: string) {
    if (await completeIfDrained(db, jobId)) {
      logger.info('job completed', { job_id: jobId, agent_id: agentId });
      await queues.enqueue('billing.completed', { jobId, agentId, at: new Date().toISOString() }, { jobId: `completed-${jobId}` });
    }
  }

  return async function enrichRow(payload: JobPayload<'row.enrich'>, job: Job): Promise<EnrichRowOutcome> {
    const { jobId, rowIndex, run } = payload;
    const owner = job.id ?? rowEnrichJobId(jobId, rowIndex, run);
    const claim = await claimRow(db, jobId, rowIndex, run, { owner, ms: leaseMs });
    if (claim.kind === 'requeue') {
      await redeliver(jobId, rowIndex, claim.run);
      return 'requeued';
    }
    if (claim.kind !== 'claimed') return claim.kind;
    const { agentId, priceMicro } = claim;

    const debit = await debitRow(db, { agentId, jobId, rowIndex, amountMicro: priceMicro });
    if (debit === 'insufficient') {
      const paused = await pauseRun(db, jobId, run, 'insufficient_balance');
      const released = await releaseRow(db, jobId, rowIndex, run);
      if (released.requeueRun !== null) await redeliver(jobId, rowIndex, released.requeueRun);
      if (paused) {
        logger.info('job paused', { job_id: jobId, agent_id: agentId, reason: 'insufficient_balance', row_index: rowIndex });
        await queues.enqueue(
          'billing.paused',
          { jobId, agentId, reason: 'insufficient_balance', at: new Date().toISOString() },
          { jobId: `paused-${jobId}-${run}` },
        );
      }
      return 'paused';
    }

    const events: HuntEvent[] = [];
    let outcome;
    try {
      outcome = await huntUnderLease({ db, logger, leaseMs, stopping: deps.stopping }, { jobId, rowIndex, owner }, (signal) =>
        provider.hunt({
          lead: claim.input as CanonicalLead,
          variants: claim.searchVariants as RowVariant[],
          onEvent: (event) => events.push(event),
          signal,
        }),
      );
    } catch (err) {
      if (err instanceof HuntInterrupted) return releaseInterruptedRow(db, logger, { jobId, rowIndex, owner }, err);
      const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1) || err instanceof UnrecoverableError;
      logger.warn('row hunt failed', { job_id: jobId, row_index: rowIndex, attempt: job.attemptsMade + 1, last: lastAttempt, err: (err as Error).message });
      if (!lastAttempt) throw err;
      // Refunded only if this delivery still held the row: a retaken row is another's to settle.
      await db.transaction(async (tx) => {
        if (await failRow(tx, jobId, rowIndex, (err as Error).message.slice(0, 500), owner)) {
          await refundRow(tx, { agentId, jobId, rowIndex, reason: 'row failed' });
        }
      });
      await afterRow(jobId, agentId);
      throw new UnrecoverableError(`row ${rowIndex} failed: ${(err as Error).message}`);
    }

    const graph: ResultGraph = { input: claim.input as CanonicalLead, ...outcome.graph };
    const stored = await finishRow(db, jobId, rowIndex, {
      matched: outcome.matched,
      spentMicro: outcome.matched ? priceMicro : 0,
      result: graph,
      found: foundCounts(outcome.graph),
      events,
      refund: outcome.matched ? null : { agentId, reason: 'row came back empty' },
      leaseOwner: owner,
    });
    // Released meanwhile (the job paused, or the lease lapsed and another delivery took the
    // row): nothing was written; whoever hunts it next finds its debit, never charged twice.
    if (!stored) return 'not_claimable';
    await afterRow(jobId, agentId);
    return outcome.matched ? 'matched' : 'empty';
  };
}
