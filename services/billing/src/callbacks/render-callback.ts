import { findBatch, type CallbackRecord, type Executor } from '@bej/db';
import { presentBatch } from '@bej/batches';

/**
 * The callback body: `{"id","type","created_at","data":{"job"}}` with the API's own job object.
 * Status and paused_reason are those of the change the event reports (the job may have moved
 * on by the first attempt); the body is rendered once and stored, so retries resend it as is.
 */
export async function renderCallbackBody(db: Executor, callback: CallbackRecord): Promise<string> {
  const job = await findBatch(db, callback.jobId);
  if (!job) throw new Error(`job ${callback.jobId} of callback ${callback.id} is gone`);
  const presented = await presentBatch(db, job);
  return JSON.stringify({
    id: callback.id,
    type: callback.type,
    created_at: callback.createdAt.toISOString(),
    data: { job: { ...presented, status: callback.jobStatus, paused_reason: callback.pausedReason } },
  });
}
