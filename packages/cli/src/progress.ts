import { progressOf, usd, type BatchView } from './format.ts';

const BAR = 24;

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 60) return `${Math.ceil(seconds)}s`;
  const m = Math.floor(seconds / 60);
  return m < 60 ? `${m}m${String(Math.round(seconds % 60)).padStart(2, '0')}s` : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/**
 * The watch display. On a terminal: one line redrawn in place (bar, rows/s, ETA, matched, spent).
 * Otherwise (a pipe, a CI log): a plain line when something changed, at most once a second,
 * and always on a status change.
 */
export class ProgressView {
  private first: { at: number; processed: number } | null = null;
  private lastPlain = { at: 0, key: '' };
  private drawn = false;

  constructor(
    private readonly stream: NodeJS.WritableStream,
    private readonly tty: boolean,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Rows per second since the watch began (null until rows have moved). */
  rate(job: BatchView): number | null {
    const { processed } = progressOf(job);
    const t = this.now();
    if (!this.first) this.first = { at: t, processed };
    const seconds = (t - this.first.at) / 1000;
    const moved = processed - this.first.processed;
    return seconds > 0.2 && moved > 0 ? moved / seconds : null;
  }

  line(job: BatchView): string {
    const { processed, remaining, total } = progressOf(job);
    const rate = this.rate(job);
    const fraction = total === 0 ? 1 : processed / total;
    const filled = Math.round(fraction * BAR);
    const eta = rate ? duration(remaining / rate) : '?';
    return [
      `[${'#'.repeat(filled)}${'-'.repeat(BAR - filled)}] ${String(Math.floor(fraction * 100)).padStart(3)}%`,
      `${processed}/${total} rows`,
      `${rate ? rate.toFixed(1) : '-'} rows/s`,
      `ETA ${job.status === 'running' ? eta : '-'}`,
      `matched ${job.counts.matched}`,
      `spent ${usd(job.spent_usd)}`,
      job.status + (job.paused_reason ? ` (${job.paused_reason})` : ''),
    ].join('  ');
  }

  update(job: BatchView): void {
    const text = this.line(job);
    if (this.tty) {
      this.stream.write(`\r\x1b[2K${text}`);
      this.drawn = true;
      return;
    }
    const t = this.now();
    const key = `${job.status} ${progressOf(job).processed}`;
    const statusChanged = job.status !== this.lastPlain.key.split(' ')[0];
    if (statusChanged || (key !== this.lastPlain.key && t - this.lastPlain.at >= 1000)) {
      this.stream.write(`${text}\n`);
      this.lastPlain = { at: t, key };
    }
  }

  finish(job: BatchView): void {
    if (this.tty) {
      this.stream.write(`\r\x1b[2K${this.line(job)}\n`);
    } else if (`${job.status} ${progressOf(job).processed}` !== this.lastPlain.key) {
      this.stream.write(`${this.line(job)}\n`);
    }
    this.drawn = false;
  }

  get isDrawn(): boolean {
    return this.drawn;
  }
}
