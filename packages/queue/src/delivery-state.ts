import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';

/**
 * `live`: the job exists, has not finished and is not orphaned (waiting, prioritized — every
 * row delivery carries a priority, see rowPriority — delayed, or active under a held lock);
 * judged from the job's hash, so it does not matter which list or set holds it; `finished`: kept as completed or failed, so adding its id again would be
 * ignored; `orphaned`: a worker took it but holds no lock on it any more (the worker died;
 * BullMQ would find it stalled only after a lock period or two); `missing`: no such job
 * (removed, never added, or the queue's keys were lost).
 */
export type DeliveryState = 'live' | 'finished' | 'orphaned' | 'missing';

/** The state of many queue jobs in one round trip (three cheap commands per id, no scripts). */
export async function deliveryStates(queue: Queue, ids: string[]): Promise<DeliveryState[]> {
  if (ids.length === 0) return [];
  // BullMQ types its client as Redis or Cluster; both pipeline these plain commands.
  const client = (await queue.client) as unknown as Redis;
  const pipeline = client.pipeline();
  for (const id of ids) {
    const key = queue.toKey(id);
    pipeline.exists(key);
    pipeline.hmget(key, 'finishedOn', 'processedOn');
    pipeline.exists(`${key}:lock`);
  }
  const replies = (await pipeline.exec()) ?? [];
  return ids.map((_, i) => {
    const [exists, stamps, locked] = [0, 1, 2].map((k) => {
      const [err, value] = replies[3 * i + k] ?? [new Error('no reply from Redis'), null];
      if (err) throw err;
      return value;
    }) as [number, Array<string | null>, number];
    if (Number(exists) === 0) return 'missing';
    const [finishedOn, processedOn] = stamps;
    if (finishedOn) return 'finished';
    return processedOn && Number(locked) === 0 ? 'orphaned' : 'live';
  });
}
