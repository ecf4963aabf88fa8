import type { Redis } from 'ioredis';
import type { Logger } from '@bej/logger';
import { HUNT_ROW_LIST_MAX, HUNT_STREAM_MAX, HUNT_TTL_SECONDS, huntKeys, type LiveRowEvent } from '@bej/queue';

// One round trip per event, atomic, so the channel's order is the stream's order (the SSE ids).
const PUBLISH_SCRIPT = `
local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], '*', 'e', ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[4])
if ARGV[5] == '1' then
  redis.call('DEL', KEYS[2])
else
  redis.call('RPUSH', KEYS[2], ARGV[1])
  redis.call('LTRIM', KEYS[2], -tonumber(ARGV[3]), -1)
  redis.call('EXPIRE', KEYS[2], ARGV[4])
end
redis.call('PUBLISH', KEYS[3], '{"kind":"row","id":"' .. id .. '","event":' .. ARGV[1] .. '}')
return id`;

/** Publishes hunt events of rows (live channel, resumable stream, running row's list). */
export interface HuntEventBus {
  publish(jobId: string, event: LiveRowEvent, final: boolean): Promise<void>;
  /** Tells listeners the job itself changed (paused, completed): its object is read again. */
  jobChanged(jobId: string): Promise<void>;
  /** The running row's events so far (all attempts of this run, bounded), oldest first. */
  rowHistory(jobId: string, rowIndex: number): Promise<LiveRowEvent[]>;
}

export function createHuntEventBus(redis: Redis, prefix: string, logger: Logger): HuntEventBus {
  return {
    async publish(jobId, event, final) {
      try {
        await redis.eval(
          PUBLISH_SCRIPT,
          3,
          huntKeys.stream(prefix, jobId),
          huntKeys.row(prefix, jobId, event.row_index),
          huntKeys.channel(prefix, jobId),
          JSON.stringify(event),
          HUNT_STREAM_MAX,
          HUNT_ROW_LIST_MAX,
          HUNT_TTL_SECONDS,
          final ? '1' : '0',
        );
      } catch (err) {
        // Live progress is delivery, not truth: a lost event must not fail a paid hunt. Logged, never swallowed.
        logger.warn('hunt event not published', { job_id: jobId, row_index: event.row_index, type: event.type, err: (err as Error).message });
      }
    },
    async jobChanged(jobId) {
      try {
        await redis.publish(huntKeys.channel(prefix, jobId), JSON.stringify({ kind: 'job' }));
      } catch (err) {
        logger.warn('job change not published', { job_id: jobId, err: (err as Error).message });
      }
    },
    async rowHistory(jobId, rowIndex) {
      try {
        const items = await redis.lrange(huntKeys.row(prefix, jobId, rowIndex), 0, -1);
        return items.map((item) => JSON.parse(item) as LiveRowEvent);
      } catch (err) {
        logger.warn('hunt history not read', { job_id: jobId, row_index: rowIndex, err: (err as Error).message });
        return [];
      }
    },
  };
}

/** For tests and tools that run a worker without live progress. */
export const silentHuntEventBus: HuntEventBus = {
  publish: async () => undefined,
  jobChanged: async () => undefined,
  rowHistory: async () => [],
};
