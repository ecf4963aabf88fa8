import { HUNT_ROW_LIST_MAX, clipMessage, type HuntEventType, type LiveRowEvent } from '@bej/queue';
import type { HuntEvent } from '../providers/provider.ts';
import type { HuntEventBus } from './hunt-event-bus.ts';

export type RowEnding = { type: 'row_done' | 'row_empty'; message: string } | { type: 'row_failed'; message: string };

/**
 * The live view of one row's hunt (one delivery): every event is published at once, in
 * order, and counted, so a runaway provider cannot flood the channel (bounded per delivery).
 * The final event goes out only after the row is stored, so a client that sees "done" and
 * asks for the row gets the result. Events that arrive while a publish is in flight (or in the
 * same tick) go out together in the next one: one Redis round trip per batch, not per event.
 */
export class HuntSession {
  private chain: Promise<void> = Promise.resolve();
  private published = 0;
  private dropped = 0;
  private attempt = 1;
  /** Every event this delivery published, in order (the row's history when it is the row's first attempt). */
  private readonly sent: LiveRowEvent[] = [];
  private pending: LiveRowEvent[] = [];
  private pendingFinal = false;
  private scheduled = false;

  constructor(
    private readonly bus: HuntEventBus,
    private readonly jobId: string,
    private readonly rowIndex: number,
  ) {}

  started(attempt: number): void {
    this.attempt = attempt;
    this.push('row_started', attempt > 1 ? `Hunt started (attempt ${attempt})` : 'Hunt started');
  }

  /** Hand this to the provider as `onEvent`. */
  readonly emit = (event: HuntEvent): void => {
    this.push(event.type, event.message);
  };

  private push(type: HuntEventType, message: string): void {
    // Room is kept for the final event; the overflow is summarised once.
    if (this.published >= HUNT_ROW_LIST_MAX - 2) {
      this.dropped += 1;
      return;
    }
    this.published += 1;
    this.queue(this.event(type, message, 'running', null), false);
  }

  private event(type: HuntEventType, message: string, status: string, matched: boolean | null): LiveRowEvent {
    return { row_index: this.rowIndex, status, matched, type, message: clipMessage(message), at: new Date().toISOString() };
  }

  private queue(event: LiveRowEvent, final: boolean): void {
    this.pending.push(event);
    if (!final) this.sent.push(event);
    this.pendingFinal = final;
    if (this.scheduled) return;
    this.scheduled = true;
    this.chain = this.chain.then(() => {
      const batch = this.pending;
      const batchFinal = this.pendingFinal;
      this.pending = [];
      this.pendingFinal = false;
      this.scheduled = false;
      return this.bus.publish(this.jobId, batch, batchFinal);
    });
  }

  /**
   * The row's history to store with it: what this run published (all attempts, from the
   * live list) and the ending. Call before the row is written; `announce` after.
   */
  async ending(ending: RowEnding): Promise<{ history: Array<{ type: string; message: string; at: string }>; announce: () => Promise<void> }> {
    if (this.dropped > 0) this.queue(this.event('tool_progress', `${this.dropped} further progress event(s) not shown`, 'running', null), false);
    await this.chain;
    // A first attempt's history is what it published itself; a retry's includes earlier attempts' (the live list).
    const live = this.attempt > 1 ? await this.bus.rowHistory(this.jobId, this.rowIndex) : [...this.sent];
    const matched = ending.type === 'row_done' ? true : ending.type === 'row_empty' ? false : null;
    const final = this.event(ending.type, ending.message, ending.type === 'row_failed' ? 'failed' : 'done', matched);
    const history = [...live, final].map(({ type, message, at }) => ({ type, message, at }));
    return {
      history,
      announce: async () => {
        this.queue(final, true);
        await this.chain;
      },
    };
  }

  /** A delivery that will be tried again (or was handed back): wait until its events are out. */
  async flush(): Promise<void> {
    await this.chain;
  }
}
