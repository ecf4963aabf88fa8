import type { Job } from 'bullmq';
import { claimAndDebitRow, completeIfDrained, finishRow, pauseRun, releaseRow, type Database } from '@bej/db';
import type { CanonicalLead, ResultGraph, RowVariant } from '@bej/leads';
import type { Logger } from '@bej/logger';
import { rowEnrichQueueJobId, rowPriority, type QueueJobPayload, type QueueClient } from '@bej/queue';
import type { EnrichProvider } from './providers/provider.ts';
import { HuntSession } from './hunt/hunt-session.ts';
import { silentHuntEventBus, type HuntEventBus } from './hunt/hunt-event-bus.ts';
import { failedHunt } from './hunt/hunt-failure.ts';
import { rowEnding } from './hunt/hunt-outcome.ts';
import { HuntInterrupted, huntUnderLease } from './hunt-under-lease.ts';
import { releaseInterruptedRow } from './release-interrupted-row.ts';
import { coalescePerKey } from './coalesce-per-key.ts';

interface EnrichRowDeps {
  db: Database;
  queues: QueueClient;
  provider: EnrichProvider;
  logger: Logger;
  /** Live hunt progress (README "Hunts: providers and live progress"); silent when absent. */
  bus?: HuntEventBus;
  /** Slows every worker of the queue for `ms` (the provider answered 429 / Retry-After). */
  slowDown?: (ms: number) => Promise<void>;
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
 * One row: claim and debit (once per row, ever) in one statement → hunt → store the graph and, when the hunt
 * came back empty, credit the debit back, in one statement. Errors propagate so BullMQ
 * retries; the last attempt marks the row failed and refunds it.
 */
export function createEnrichRowHandler(deps: EnrichRowDeps) {
  const { db, queues, provider, logger } = deps;
  const leaseMs = deps.leaseMs ?? 15_000;

  // A row carried across a resume already waited its turn: it goes to the front (rank 1).
  async function redeliver(jobId: string, rowIndex: number, newRun: number) {
    await queues.enqueue('row.enrich', { jobId, rowIndex, run: newRun }, { jobId: rowEnrichQueueJobId(jobId, rowIndex, newRun), priority: rowPriority(1) });
  }

  // The completion check of a job runs once per in-flight period, not once per row: rows that
  // finish while one runs share the next, which starts after their writes (coalescePerKey).
  // The key is the job and its owner (one agent per job).
  const completionCheck = coalescePerKey(async (key) => {
    const [jobId = '', agentId = ''] = key.split(' ');
    if (await completeIfDrained(db, jobId)) {
      logger.info('job completed', { job_id: jobId, agent_id: agentId });
      await deps.bus?.batchChanged(jobId);
      await queues.enqueue('billing.completed', { jobId, agentId, at: new Date().toISOString() }, { jobId: `completed-${jobId}` });
    }
  });
  async function afterRow(jobId: string, agentId: string) {
    await completionCheck(`${jobId} ${agentId}`);
  }

  return async function enrichRow(payload: QueueJobPayload<'row.enrich'>, job: Job): Promise<EnrichRowOutcome> {
    const { jobId, rowIndex, run } = payload;
    const owner = job.id ?? rowEnrichQueueJobId(jobId, rowIndex, run);
    const claim = await claimAndDebitRow(db, jobId, rowIndex, run, { owner, ms: leaseMs });
    if (claim.kind === 'requeue') {
      await redeliver(jobId, rowIndex, claim.run);
      return 'requeued';
    }
    if (claim.kind !== 'claimed') return claim.kind;
    const { agentId, priceMicro, debit } = claim;

    if (debit === 'insufficient' || debit === 'spend_cap') {
      const reason = debit === 'spend_cap' ? 'spend_cap' : 'insufficient_balance';
      const paused = await pauseRun(db, jobId, run, reason);
      const released = await releaseRow(db, jobId, rowIndex, run);
      if (released.requeueRun !== null) await redeliver(jobId, rowIndex, released.requeueRun);
      if (paused) {
        logger.info('job paused', { job_id: jobId, agent_id: agentId, reason, row_index: rowIndex });
        await deps.bus?.batchChanged(jobId);
        await queues.enqueue(
          'billing.paused',
          { jobId, agentId, reason, at: new Date().toISOString() },
          { jobId: `paused-${jobId}-${run}` },
        );
      }
      return 'paused';
    }

    const session = new HuntSession(deps.bus ?? silentHuntEventBus, jobId, rowIndex);
    session.started(claim.attempts);
    let outcome;
    try {
      outcome = await huntUnderLease({ db, logger, leaseMs, stopping: deps.stopping }, { jobId, rowIndex, owner }, (signal) =>
        provider.hunt({
          lead: claim.input as CanonicalLead,
          variants: claim.searchVariants as RowVariant[],
          onEvent: session.emit,
          signal,
        }),
      );
    } catch (err) {
      if (err instanceof HuntInterrupted) return releaseInterruptedRow(db, logger, { jobId, rowIndex, owner }, err);
      return failedHunt(err, { db, logger, slowDown: deps.slowDown, session, job, jobId, rowIndex, agentId, owner, afterRow });
    }

    const graph: ResultGraph = { input: claim.input as CanonicalLead, ...outcome.graph };
    const ending = await session.ending(rowEnding(outcome));
    const finish = {
      matched: outcome.matched,
      spentMicro: outcome.matched ? priceMicro : 0,
      result: graph,
      found: foundCounts(outcome.graph),
      events: ending.history,
      refund: outcome.matched ? null : { agentId, reason: 'row came back empty' },
      leaseOwner: owner,
      usage: outcome.usage,
    };
    const stored = await finishRow(db, jobId, rowIndex, finish);
    // Released meanwhile (the job paused, or the lease lapsed and another delivery took the
    // row): nothing was written; whoever hunts it next finds its debit, never charged twice.
    if (!stored) return 'not_claimable';
    await ending.announce();
    await afterRow(jobId, agentId);
    return outcome.matched ? 'matched' : 'empty';
  };
}
