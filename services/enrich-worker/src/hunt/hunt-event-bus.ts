import type { Redis } from 'ioredis';
import type { Logger } from '@bej/logger';
import { HUNT_ROW_LIST_MAX, HUNT_STREAM_MAX, HUNT_TTL_SECONDS, huntKeys, type LiveRowEvent } from '@bej/queue';

// One round trip (EVALSHA: the script is sent once per connection) for a batch of one row's
// events, in order, atomic, so the channel's order is the stream's order (the SSE ids).
// ARGV: stream length, row list length, TTL seconds, '1' when the batch's last event is the row's
// final one (its running list is removed), then the events, each a JSON object.
const PUBLISH_SCRIPT = `
local last = #ARGV
local id
for i = 5, last do
  id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'e', ARGV[i])
  if i == last and ARGV[4] == '1' then
    redis.call('DEL', KEYS[2])
  else
    redis.call('RPUSH', KEYS[2], ARGV[i])
  end
  redis.call('PUBLISH', KEYS[3], '{"kind":"row","id":"' .. id .. '","event":' .. ARGV[i] .. '}')
end
redis.call('EXPIRE', KEYS[1], ARGV[3])
if redis.call('EXISTS', KEYS[2]) == 1 then
  redis.call('LTRIM', KEYS[2], -tonumber(ARGV[2]), -1)
  redis.call('EXPIRE', KEYS[2], ARGV[3])
end
return id`;

type PublishCommand = (stream: string, row: string, channel: string, streamMax: number, listMax: number, ttl: number, final: string, ...events: string[]) => Promise<string>;

/** Publishes hunt events of rows (live channel, resumable stream, running row's list). */
export interface HuntEventBus {
  /** One row's events in order (one round trip); `final`: the last of them is the row's final event. */
  publish(jobId: string, events: LiveRowEvent[], final: boolean): Promise<void>;
  /** Tells listeners the job itself changed (paused, completed): its object is read again. */
  batchChanged(jobId: string): Promise<void>;
  /** The running row's events so far (all attempts of this run, bounded), oldest first. */
  rowHistory(jobId: string, rowIndex: number): Promise<LiveRowEvent[]>;
}

export function createHuntEventBus(redis: Redis, prefix: string, logger: Logger): HuntEventBus {
  if (!(redis as unknown as { bejPublishHuntEvents?: PublishCommand }).bejPublishHuntEvents) {
    redis.defineCommand('bejPublishHuntEvents', { numberOfKeys: 3, lua: PUBLISH_SCRIPT });
  }
  const publishEvents = (redis as unknown as { bejPublishHuntEvents: PublishCommand }).bejPublishHuntEvents.bind(redis);
  return {
    async publish(jobId, events, final) {
      const first = events[0];
      if (!first) return;
      try {
        await publishEvents(
          huntKeys.stream(prefix, jobId),
          huntKeys.row(prefix, jobId, first.row_index),
          huntKeys.channel(prefix, jobId),
          HUNT_STREAM_MAX,
          HUNT_ROW_LIST_MAX,
          HUNT_TTL_SECONDS,
          final ? '1' : '0',
          ...events.map((event) => JSON.stringify(event)),
        );
      } catch (err) {
        // Live progress is delivery, not truth: a lost event must not fail a paid hunt. Logged, never swallowed.
        logger.warn('hunt events not published', { job_id: jobId, row_index: first.row_index, types: events.map((e) => e.type), err: (err as Error).message });
      }
    },
    async batchChanged(jobId) {
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
  batchChanged: async () => undefined,
  rowHistory: async () => [],
};
