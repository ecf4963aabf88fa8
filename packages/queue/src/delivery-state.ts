import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';

/**
 * `live`: the job exists and has not finished (waiting, delayed, active, prioritized);
 * `finished`: kept as completed or failed, so adding its id again would be ignored;
 * `missing`: no such job (removed, never added, or the queue's keys were lost).
 */
export type DeliveryState = 'live' | 'finished' | 'missing';

/** The state of many queue jobs in one round trip (two cheap commands per id, no scripts). */
export async function deliveryStates(queue: Queue, ids: string[]): Promise<DeliveryState[]> {
  if (ids.length === 0) return [];
  // BullMQ types its client as Redis or Cluster; both pipeline these plain commands.
  const client = (await queue.client) as unknown as Redis;
  const pipeline = client.pipeline();
  for (const id of ids) {
    const key = queue.toKey(id);
    pipeline.exists(key);
    pipeline.hexists(key, 'finishedOn');
  }
  const replies = (await pipeline.exec()) ?? [];
  return ids.map((_, i) => {
    const [existsErr, exists] = replies[2 * i] ?? [new Error('no reply'), 0];
    const [finishedErr, finished] = replies[2 * i + 1] ?? [new Error('no reply'), 0];
    const err = existsErr ?? finishedErr;
    if (err) throw err;
    if (Number(exists) === 0) return 'missing';
    return Number(finished) === 1 ? 'finished' : 'live';
  });
}
