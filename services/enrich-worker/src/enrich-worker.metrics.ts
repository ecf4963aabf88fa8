import type { Job } from 'bullmq';
import { Counter, Histogram } from 'prom-client';
import { processRegistry, recordLlmUsage } from '@bej/ops';
import type { QueueJobPayload } from '@bej/queue';
import type { EnrichRowOutcome } from './enrich-row.handler.ts';
import type { EnrichProvider, HuntUsage } from './providers/provider.ts';

const registers = [processRegistry()];

export const rowsProcessed = new Counter({
  name: 'bej_rows_total',
  help: 'Row deliveries by outcome (matched, empty, paused, failed, error = will be retried, stale, requeued, ...)',
  labelNames: ['outcome'] as const,
  registers,
});

export const huntDuration = new Histogram({
  name: 'bej_hunt_duration_seconds',
  help: 'Time one provider hunt took, by provider and result (matched, empty, error)',
  labelNames: ['provider', 'result'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
  registers,
});

type RowHandler = (payload: QueueJobPayload<'row.enrich'>, job: Job) => Promise<EnrichRowOutcome>;

/** Counts every delivery's outcome; a throw is `failed` on the last attempt, else `error` (BullMQ retries it). */
export function countRowOutcomes(handler: RowHandler): RowHandler {
  return async (payload, job) => {
    try {
      const outcome = await handler(payload, job);
      rowsProcessed.inc({ outcome });
      return outcome;
    } catch (err) {
      const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1) || (err as Error).name === 'UnrecoverableError';
      rowsProcessed.inc({ outcome: last ? 'failed' : 'error' });
      throw err;
    }
  };
}

/**
 * The same provider, with each hunt timed and the model calls and tokens it reports (the
 * openrouter provider's usage, also carried by its faults) counted under `model`.
 */
export function timedProvider(provider: EnrichProvider, model: string): EnrichProvider {
  const countUsage = (usage: HuntUsage | null | undefined) => {
    if (usage) recordLlmUsage('enrich', model, usage);
  };
  return {
    name: provider.name,
    async hunt(request) {
      const end = huntDuration.startTimer({ provider: provider.name });
      try {
        const outcome = await provider.hunt(request);
        end({ result: outcome.matched ? 'matched' : 'empty' });
        countUsage(outcome.usage);
        return outcome;
      } catch (err) {
        end({ result: 'error' });
        countUsage((err as { usage?: HuntUsage | null }).usage);
        throw err;
      }
    },
  };
}
