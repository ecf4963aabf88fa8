import { randomUUID } from 'node:crypto';
import { Queue, QueueEvents, UnrecoverableError, Worker, type Job, type JobsOptions, type Processor } from 'bullmq';
import type { Redis } from 'ioredis';
import { scrubErrorInPlace, withLogContext } from '@bej/logger';
import { pingRedis } from './connection.ts';
import { ZodError } from 'zod';
import { queueJobCatalog, queueJobKeysOf, type CallKey, type QueueJobKey, type QueueJobPayload, type QueueJobResult, type QueueName } from './catalog.ts';
import { CallFailedError, CallInvalidAnswerError, CallTimeoutError, QueueUnavailableError } from './call-errors.ts';

export interface QueueLogger {
  error(message: string, meta?: Record<string, unknown>): unknown;
  warn?(message: string, meta?: Record<string, unknown>): unknown;
}

/** One Queue per name, created lazily; `enqueue` is typed from the catalog. */
export class QueueClient {
  private readonly queues = new Map<QueueName, Queue>();
  private readonly events = new Map<QueueName, Promise<QueueEvents>>();
  private readonly ownedConnections: Redis[] = [];

  constructor(
    /** The producer connection; also used by small request-path helpers (rate limits) under the same prefix. */
    readonly connection: Redis,
    readonly prefix: string,
    private readonly logger: QueueLogger,
  ) {}

  queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.connection, prefix: this.prefix });
      queue.on('error', (err) => this.logger.error('queue error', { queue: name, err: err.message }));
      this.queues.set(name, queue);
    }
    return queue;
  }

  async enqueue<K extends QueueJobKey>(key: K, payload: QueueJobPayload<K>, options: JobsOptions = {}): Promise<Job> {
    const entry = queueJobCatalog[key];
    const data = entry.schema.parse(payload);
    return this.queue(entry.queue).add(key, data, { ...entry.options, ...options });
  }

  /** Adds many jobs of one key in chunks (one round trip per chunk); `priority`: lower is served first. */
  async enqueueBulk<K extends QueueJobKey>(
    key: K,
    items: Array<{ payload: QueueJobPayload<K>; jobId: string; priority?: number }>,
    chunkSize = 1000,
  ): Promise<void> {
    const entry = queueJobCatalog[key];
    const queue = this.queue(entry.queue);
    for (let i = 0; i < items.length; i += chunkSize) {
      const chunk = items.slice(i, i + chunkSize).map((item) => ({
        name: key,
        data: entry.schema.parse(item.payload),
        opts: { ...entry.options, jobId: item.jobId, ...(item.priority === undefined ? {} : { priority: item.priority }) },
      }));
      await queue.addBulk(chunk);
    }
  }

  /**
   * Request/response over a queue: waits for the consumer's return value or throws after `timeoutMs`.
   * The request job is listened for before it is added and removed by the catalog's options as soon as
   * it finishes (a payload may carry file samples); one that nobody took in time is removed by us.
   * No answer rejects with CallTimeoutError, CallFailedError or QueueUnavailableError, an answer
   * that does not fit the catalog's result schema with CallInvalidAnswerError; a payload
   * that does not fit the catalog (a bug of the caller) rejects with its ZodError as it is.
   */
  async call<K extends CallKey>(key: K, payload: QueueJobPayload<K>, timeoutMs: number): Promise<QueueJobResult<K>> {
    const entry = queueJobCatalog[key];
    entry.schema.parse(payload);
    let opened: QueueEvents;
    try {
      opened = await this.queueEvents(entry.queue);
    } catch (err) {
      throw new QueueUnavailableError(key, err);
    }
    // Per-job events (`completed:<id>`) are not in QueueEvents' typed listener map.
    const events = opened as unknown as NodeJS.EventEmitter;
    const jobId = randomUUID();
    return new Promise((resolve, reject) => {
      const completed = `completed:${jobId}`;
      const failed = `failed:${jobId}`;
      const cleanup = () => {
        clearTimeout(timer);
        events.removeListener(completed, onCompleted);
        events.removeListener(failed, onFailed);
      };
      const onCompleted = (args: { returnvalue: unknown }) => {
        cleanup();
        // The answer crossed Redis as JSON: checked against the catalog like any payload (paths only, never values).
        const answer = entry.result.safeParse(args.returnvalue);
        if (answer.success) resolve(answer.data as QueueJobResult<K>);
        else reject(new CallInvalidAnswerError(key, answer.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.code}`)));
      };
      const onFailed = (args: { failedReason: string }) => {
        cleanup();
        reject(new CallFailedError(key, args.failedReason));
      };
      const timer = setTimeout(() => {
        cleanup();
        this.queue(entry.queue)
          .remove(jobId)
          .catch((err: Error) => this.logger.warn?.('request job not removed after timeout', { queue: entry.queue, bull_job: jobId, err: err.message }));
        reject(new CallTimeoutError(key, timeoutMs));
      }, timeoutMs);
      events.on(completed, onCompleted);
      events.on(failed, onFailed);
      this.enqueue(key, payload, { jobId }).catch((err: unknown) => {
        cleanup();
        reject(err instanceof ZodError ? err : new QueueUnavailableError(key, err));
      });
    });
  }

  private queueEvents(name: QueueName): Promise<QueueEvents> {
    let events = this.events.get(name);
    if (!events) {
      events = this.openQueueEvents(name);
      this.events.set(name, events);
      // A failed start (Redis away) must not be remembered: the next request tries again.
      events.catch(() => this.events.delete(name));
    }
    return events;
  }

  private async openQueueEvents(name: QueueName): Promise<QueueEvents> {
    // Read from the stream's current end, fixed now: QueueEvents would otherwise start at '$' only
    // when its first XREAD runs, and the answer to the first request could come before that.
    const [last] = (await this.connection.xrevrange(`${this.prefix}:${name}:events`, '+', '-', 'COUNT', 1)) as Array<[string, string[]]>;
    // QueueEvents blocks on XREAD, so it needs a connection of its own that never gives up;
    // it is ours to close (QueueEvents closes only the copy it makes internally).
    const connection = this.connection.duplicate({ maxRetriesPerRequest: null, enableOfflineQueue: true });
    this.ownedConnections.push(connection);
    const events = new QueueEvents(name, { connection, prefix: this.prefix, lastEventId: last?.[0] ?? '0-0' });
    events.on('error', (err) => this.logger.error('queue events error', { queue: name, err: err.message }));
    await events.waitUntilReady();
    return events;
  }

  /** Readiness probe: the producer connection answers (fails fast when Redis is gone). */
  async ping(): Promise<void> {
    await pingRedis(this.connection);
  }

  async close(): Promise<void> {
    await Promise.all([...this.events.values()].map((e) => e.then((events) => events.close(), () => undefined /* its failure already reached the caller */)));
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    await Promise.all(this.ownedConnections.map((c) => c.quit()));
  }
}

export type Handlers<Q extends QueueName> = {
  [K in QueueJobKey as (typeof queueJobCatalog)[K]['queue'] extends Q ? K : never]: (payload: QueueJobPayload<K>, job: Job) => Promise<QueueJobResult<K>>;
};

/**
 * A worker for one queue that validates every payload at the consumer: a payload
 * that does not parse can never succeed, so it fails without retries.
 */
export function createQueueWorker<Q extends QueueName>(
  name: Q,
  handlers: Handlers<Q>,
  opts: {
    connection: Redis;
    prefix: string;
    concurrency?: number;
    logger: QueueLogger;
    autorun?: boolean;
    /** How long an active job's lock lives without renewal; a dead worker's jobs are found stalled after about this long. */
    lockDurationMs?: number;
    /** Needed for `queue.rateLimit(ms)` to hold the workers back (BullMQ checks the limiter key only with one). */
    limiter?: { max: number; duration: number };
  },
): Worker {
  const keys = new Set<string>(queueJobKeysOf(name));
  const processor: Processor = async (job) => {
    if (!keys.has(job.name)) throw new UnrecoverableError(`unknown job "${job.name}" on queue ${name}`);
    const key = job.name as QueueJobKey;
    const parsed = queueJobCatalog[key].schema.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`invalid payload for ${key}: ${parsed.error.issues[0]?.message ?? 'unknown'}`);
    const handler = (handlers as Record<string, (p: unknown, j: Job) => Promise<unknown>>)[key];
    if (!handler) throw new UnrecoverableError(`no handler for ${key}`);
    // Every log line of the job carries its ids (batch job id and row index when the payload has them).
    const ids = parsed.data as { jobId?: string; rowIndex?: number };
    try {
      return await withLogContext({ queue: name, bull_job_id: job.id, job_id: ids.jobId, row_index: ids.rowIndex }, () => handler(parsed.data, job));
    } catch (err) {
      // BullMQ keeps the message and stack in Redis (and shows them on Bull Board): no query values there.
      throw scrubErrorInPlace(err);
    }
  };
  const worker = new Worker(name, processor, {
    connection: opts.connection,
    prefix: opts.prefix,
    concurrency: opts.concurrency ?? 1,
    autorun: opts.autorun ?? true,
    // Stalled jobs (their worker died) go back to waiting; after the second stall BullMQ fails
    // them, and the reconciler re-delivers the row from PostgreSQL under a fresh id.
    ...(opts.lockDurationMs === undefined ? {} : { lockDuration: opts.lockDurationMs, stalledInterval: opts.lockDurationMs }),
    maxStalledCount: 2,
    ...(opts.limiter ? { limiter: opts.limiter } : {}),
  });
  worker.on('error', (err) => opts.logger.error('worker error', { queue: name, err: err.message }));
  return worker;
}
