import { setTimeout as sleep } from 'node:timers/promises';
import type { Worker } from 'bullmq';
import type { Logger } from '@bej/logger';

/**
 * Graceful stop: take no new rows, let the in-flight ones finish for up to `graceMs`, then
 * interrupt the rest (each releases its row back to queued for another worker) and wait for
 * their deliveries to settle, so the process exits with nothing left half-done.
 */
export async function closeWorkerWithin(worker: Worker, graceMs: number, stopping: AbortController, logger: Logger): Promise<void> {
  const closed = worker.close();
  const inTime = await Promise.race([closed.then(() => true), sleep(graceMs, undefined, { ref: false }).then(() => false)]);
  if (!inTime) {
    logger.warn('shutdown grace passed, releasing in-flight rows', { grace_ms: graceMs });
    stopping.abort();
    await closed;
  }
}
