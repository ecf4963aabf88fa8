import type { Redis } from 'ioredis';
import { findBatch, type Database } from '@bej/db';
import type { Logger } from '@bej/logger';
import { HUNT_STREAM_MAX, huntKeys, huntMessageSchema, liveRowEventSchema, type LiveRowEvent } from '@bej/queue';
import { presentBatch } from '@bej/batches';
import { compareStreamIds, isStreamId } from './stream-id.ts';
import type { SseStream } from './sse-stream.ts';

interface HubOptions {
  heartbeatMs: number;
  /** Job objects are re-read at least this often while someone watches (start/resume/pause happen in other processes). */
  jobRefreshMs: number;
  /** Row events closer together than this produce one job event (the newest state). */
  coalesceMs: number;
}

interface Listener {
  stream: SseStream;
  /** Only the owner sees row events (README "Hunts: providers and live progress"). */
  rows: boolean;
  /** While replaying after Last-Event-ID: live events wait here, then go out if newer than the replay. */
  backlog: Array<{ id: string; event: LiveRowEvent }> | null;
  lastId: string | null;
}

interface Watch {
  listeners: Set<Listener>;
  lastJob: string | null;
  timer: NodeJS.Timeout | null;
  refreshing: boolean;
  dirty: boolean;
}

/**
 * Live hunts for every SSE listener of this process: ONE Redis subscriber (subscribed to the
 * channels of jobs somebody watches), ONE heartbeat timer, one job-object read per job per
 * change, whatever the number of listeners.
 */
export class HuntHub {
  private readonly watches = new Map<string, Watch>();
  private subscriber: Redis | null = null;
  private readonly heartbeat: NodeJS.Timeout;
  private readonly refresher: NodeJS.Timeout;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly db: Database,
    private readonly logger: Logger,
    private readonly options: HubOptions,
  ) {
    this.heartbeat = setInterval(() => this.beat(), options.heartbeatMs).unref();
    this.refresher = setInterval(() => {
      for (const jobId of this.watches.keys()) this.scheduleBatch(jobId, 0);
    }, options.jobRefreshMs).unref();
  }

  get listenerCount(): number {
    let n = 0;
    for (const watch of this.watches.values()) n += watch.listeners.size;
    return n;
  }

  /** Starts a listener: current job object, then (owner, resuming) the row events after `lastEventId`, then live. */
  async attach(jobId: string, stream: SseStream, opts: { rows: boolean; lastEventId: string | null }): Promise<void> {
    const listener: Listener = { stream, rows: opts.rows, backlog: opts.rows && isStreamId(opts.lastEventId) ? [] : null, lastId: null };
    const watch = await this.watch(jobId);
    watch.listeners.add(listener);
    // The client may have gone while we subscribed: its close ran before it was a listener.
    if (stream.isClosed) return this.detach(jobId, stream);
    stream.retry(3000);
    const job = await this.batchObject(jobId);
    if (stream.isClosed) return this.detach(jobId, stream);
    if (job) {
      watch.lastJob ??= job;
      stream.send('job', JSON.parse(job));
    }
    if (listener.backlog !== null && isStreamId(opts.lastEventId)) await this.replay(jobId, listener, opts.lastEventId);
  }

  detach(jobId: string, stream: SseStream): void {
    const watch = this.watches.get(jobId);
    if (!watch) return;
    for (const listener of watch.listeners) if (listener.stream === stream) watch.listeners.delete(listener);
    if (watch.listeners.size > 0) return;
    if (watch.timer) clearTimeout(watch.timer);
    this.watches.delete(jobId);
    this.subscriber?.unsubscribe(huntKeys.channel(this.prefix, jobId)).catch((err: Error) => this.logger.warn('unsubscribe failed', { job_id: jobId, err: err.message }));
  }

  /** A running row's events so far (its page shows them before the row is stored). */
  async liveRowEvents(jobId: string, rowIndex: number): Promise<LiveRowEvent[]> {
    const items = await this.redis.lrange(huntKeys.row(this.prefix, jobId, rowIndex), 0, -1);
    return items.flatMap((item) => {
      const parsed = liveRowEventSchema.safeParse(safeJson(item));
      return parsed.success ? [parsed.data] : [];
    });
  }

  async close(): Promise<void> {
    clearInterval(this.heartbeat);
    clearInterval(this.refresher);
    for (const watch of this.watches.values()) {
      if (watch.timer) clearTimeout(watch.timer);
      for (const listener of watch.listeners) listener.stream.close();
    }
    this.watches.clear();
    if (this.subscriber) await this.subscriber.quit();
  }

  private async watch(jobId: string): Promise<Watch> {
    let watch = this.watches.get(jobId);
    if (watch) return watch;
    watch = { listeners: new Set(), lastJob: null, timer: null, refreshing: false, dirty: false };
    this.watches.set(jobId, watch);
    await this.ensureSubscriber().subscribe(huntKeys.channel(this.prefix, jobId));
    return watch;
  }

  private ensureSubscriber(): Redis {
    if (this.subscriber) return this.subscriber;
    const subscriber = this.redis.duplicate({ maxRetriesPerRequest: null, enableOfflineQueue: true });
    subscriber.on('error', (err) => this.logger.error('live subscriber error', { err: err.message }));
    subscriber.on('message', (channel: string, raw: string) => this.onMessage(channel, raw));
    this.subscriber = subscriber;
    return subscriber;
  }

  private onMessage(channel: string, raw: string): void {
    const jobId = channel.slice(`${this.prefix}:hunt:`.length, -':live'.length);
    const watch = this.watches.get(jobId);
    if (!watch) return;
    const parsed = huntMessageSchema.safeParse(safeJson(raw));
    if (!parsed.success) {
      this.logger.warn('live message ignored: not a hunt message', { job_id: jobId });
      return;
    }
    const message = parsed.data;
    if (message.kind === 'row') {
      for (const listener of watch.listeners) {
        if (!listener.rows) continue;
        if (listener.backlog) listener.backlog.push({ id: message.id, event: message.event });
        else this.sendRow(listener, message.id, message.event);
      }
    }
    this.scheduleBatch(jobId, this.options.coalesceMs);
  }

  private sendRow(listener: Listener, id: string, event: LiveRowEvent): void {
    if (listener.lastId && compareStreamIds(id, listener.lastId) <= 0) return;
    listener.lastId = id;
    listener.stream.send('row', event, id);
  }

  private async replay(jobId: string, listener: Listener, after: string): Promise<void> {
    try {
      const entries = await this.redis.xrange(huntKeys.stream(this.prefix, jobId), `(${after}`, '+', 'COUNT', HUNT_STREAM_MAX);
      listener.lastId = after;
      for (const [id, fields] of entries) {
        const parsed = liveRowEventSchema.safeParse(safeJson(fields[1] ?? ''));
        if (parsed.success) this.sendRow(listener, id, parsed.data);
      }
    } finally {
      const waiting = listener.backlog ?? [];
      listener.backlog = null;
      for (const { id, event } of waiting) this.sendRow(listener, id, event);
    }
  }

  private scheduleBatch(jobId: string, delayMs: number): void {
    const watch = this.watches.get(jobId);
    if (!watch || watch.timer) return;
    watch.timer = setTimeout(() => {
      watch.timer = null;
      void this.refreshBatch(jobId, watch);
    }, delayMs);
  }

  private async refreshBatch(jobId: string, watch: Watch): Promise<void> {
    if (watch.refreshing) {
      watch.dirty = true;
      return;
    }
    watch.refreshing = true;
    try {
      const job = await this.batchObject(jobId);
      if (job && job !== watch.lastJob) {
        watch.lastJob = job;
        const body = JSON.parse(job) as unknown;
        for (const listener of watch.listeners) listener.stream.send('job', body);
      }
    } catch (err) {
      this.logger.warn('live job refresh failed', { job_id: jobId, err: (err as Error).message });
    } finally {
      watch.refreshing = false;
      if (watch.dirty) {
        watch.dirty = false;
        this.scheduleBatch(jobId, this.options.coalesceMs);
      }
    }
  }

  private async batchObject(jobId: string): Promise<string | null> {
    const job = await findBatch(this.db, jobId);
    return job ? JSON.stringify(await presentBatch(this.db, job)) : null;
  }

  private beat(): void {
    for (const watch of this.watches.values()) for (const listener of watch.listeners) listener.stream.comment('heartbeat');
  }
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch (err) {
    void err; // Not JSON: the caller's schema check rejects undefined and logs it.
    return undefined;
  }
}
