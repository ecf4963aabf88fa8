import { RateLimitError, UnrecoverableError, type Job } from 'bullmq';
import { failRow, insertRowEvents, refundRow, type Database } from '@bej/db';
import type { Logger } from '@bej/logger';
import { classifyHuntError, storeUsage } from './hunt-outcome.ts';
import type { HuntSession } from './hunt-session.ts';

interface FailedHuntContext {
  db: Database;
  logger: Logger;
  slowDown: ((ms: number) => Promise<void>) | undefined;
  session: HuntSession;
  job: Job;
  jobId: string;
  rowIndex: number;
  agentId: string;
  /** The delivery holding the row's lease: a row retaken by another delivery is that one's to settle. */
  owner: string;
  afterRow: (jobId: string, agentId: string) => Promise<void>;
}

/**
 * What a provider error does to the row; always throws so BullMQ sees it. A rate limit slows the
 * whole queue and hands the row back without spending an attempt; a fault worth another delivery
 * is rethrown; otherwise (last attempt, or retrying cannot help) the row is failed and credited,
 * with its history and usage, in one transaction.
 */
export async function failedHunt(err: unknown, ctx: FailedHuntContext): Promise<never> {
  const { db, logger, session, job, jobId, rowIndex, agentId } = ctx;
  const fault = classifyHuntError(err);
  if (fault.kind === 'rate_limited' && ctx.slowDown) {
    logger.warn('provider rate limit: worker slowed', { job_id: jobId, row_index: rowIndex, wait_ms: fault.waitMs });
    session.emit({ type: 'rate_limited', message: `Provider asked to slow down; every hunt waits ${Math.ceil(fault.waitMs / 1000)} s` });
    await session.flush();
    await ctx.slowDown(fault.waitMs);
    throw new RateLimitError();
  }
  const attempt = job.attemptsMade + 1;
  const lastAttempt = attempt >= (job.opts.attempts ?? 1) || err instanceof UnrecoverableError || fault.final;
  logger.warn('row hunt failed', { job_id: jobId, row_index: rowIndex, attempt, last: lastAttempt, err: fault.message });
  if (!lastAttempt) {
    session.emit({ type: 'tool_progress', message: `Attempt ${attempt} failed (${fault.message}); the hunt will be retried` });
    await session.flush();
    throw err;
  }
  const ending = await session.ending({ type: 'row_failed', message: `Hunt failed: ${fault.message}; the row was credited` });
  await db.transaction(async (tx) => {
    if (await failRow(tx, jobId, rowIndex, fault.message.slice(0, 500), ctx.owner)) {
      await refundRow(tx, { agentId, jobId, rowIndex, reason: 'row failed' });
      await insertRowEvents(tx, jobId, rowIndex, ending.history);
      await storeUsage(tx, jobId, rowIndex, fault.usage);
    }
  });
  await ending.announce();
  await ctx.afterRow(jobId, agentId);
  throw new UnrecoverableError(`row ${rowIndex} failed: ${fault.message}`);
}
