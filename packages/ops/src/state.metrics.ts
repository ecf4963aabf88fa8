import { Gauge, Registry } from 'prom-client';
import { BATCH_STATUSES, type Database } from '@bej/db';
import type { QueueClient, QueueName } from '@bej/queue';

export interface StateSources {
  queues?: { client: QueueClient; names: readonly QueueName[] };
  /** Job statuses and ledger totals are read from PostgreSQL (the truth, the same for every replica). */
  db?: Database;
  logger: { warn(message: string, meta?: Record<string, unknown>): unknown };
}

const QUEUE_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'failed', 'completed'] as const;

/**
 * Gauges read at scrape time from Redis and PostgreSQL, in a registry of their own so each
 * server reports its own connections. A source that cannot be read is logged and reported as
 * `bej_metrics_source_up 0`; the rest of the scrape still answers.
 */
/** Callers arriving while a read is in flight share it; the next scrape reads again. */
function sharedPerScrape(run: () => Promise<void>): () => Promise<void> {
  let inFlight: Promise<void> | null = null;
  return () => {
    inFlight ??= run().finally(() => {
      inFlight = null;
    });
    return inFlight;
  };
}

export function createStateMetrics(sources: StateSources): Registry {
  const registry = new Registry();
  const registers = [registry];
  const refreshers: Array<() => Promise<void>> = [];
  const sourceUp = new Gauge({
    name: 'bej_metrics_source_up',
    help: '1 when the last scrape could read the source',
    labelNames: ['source'] as const,
    registers,
    collect: async () => void (await Promise.all(refreshers.map((refresh) => refresh()))),
  });

  async function read(source: string, fn: () => Promise<void>) {
    try {
      await fn();
      sourceUp.set({ source }, 1);
    } catch (err) {
      sourceUp.set({ source }, 0);
      sources.logger.warn('metrics source unreadable', { source, err: (err as Error).message });
    }
  }

  const { queues, db } = sources;
  if (queues) {
    // Both gauges are filled by one read per scrape (prom-client collects metrics in parallel).
    const refresh = sharedPerScrape(() =>
      read('redis', async () => {
        for (const name of queues.names) {
          const queue = queues.client.queue(name);
          const counts = await queue.getJobCounts(...QUEUE_STATES);
          for (const state of QUEUE_STATES) jobs.set({ queue: name, state }, counts[state] ?? 0);
          // Row deliveries carry a priority (fairness, rowPriority) and wait in the prioritized set:
          // its head is the job served next, as the head of the wait list is for the others.
          const heads = [...(await queue.getJobs(['wait'], 0, 0, true)), ...(await queue.getJobs(['prioritized'], 0, 0, true))];
          const oldest = Math.min(...heads.map((job) => job.timestamp));
          age.set({ queue: name }, heads.length > 0 ? Math.max(0, (Date.now() - oldest) / 1000) : 0);
        }
      }),
    );
    refreshers.push(refresh);
    const jobs = new Gauge({ name: 'bej_queue_jobs', help: 'Jobs in each BullMQ queue by state', labelNames: ['queue', 'state'] as const, registers, collect: refresh });
    const age = new Gauge({
      name: 'bej_queue_oldest_waiting_seconds',
      help: 'Age of the oldest job waiting in each queue (0 when none waits)',
      labelNames: ['queue'] as const,
      registers,
      collect: refresh,
    });
  }
  if (db) {
    const refresh = sharedPerScrape(() =>
      read('postgres', async () => {
        const statuses = await db.execute<{ status: string; n: number }>('select status, count(*)::int as n from batch_enrich_job group by status');
        jobStatus.reset();
        for (const status of BATCH_STATUSES) jobStatus.set({ status }, 0);
        for (const row of statuses.rows) jobStatus.set({ status: row.status }, row.n);
        const totals = await db.execute<{ kind: string; micro: string }>('select kind, sum(amount_micro)::text as micro from ledger_entries group by kind');
        ledger.reset();
        for (const row of totals.rows) ledger.set({ kind: row.kind }, Math.abs(Number(row.micro)) / 1_000_000);
      }),
    );
    refreshers.push(refresh);
    const jobStatus = new Gauge({ name: 'bej_jobs', help: 'Batch jobs by status (paused: waiting for a top-up)', labelNames: ['status'] as const, registers, collect: refresh });
    const ledger = new Gauge({
      name: 'bej_ledger_entries_usd',
      help: 'Sum of all ledger entries by kind in USD (absolute; row_debit is money taken, row_refund given back, admin_credit/topup added)',
      labelNames: ['kind'] as const,
      registers,
      collect: refresh,
    });
  }
  return registry;
}
