// Rows per second over the last seconds of progress, and the time left at that pace.

export class RateMeter {
  constructor(windowMs = 15_000) {
    this.windowMs = windowMs;
    this.samples = [];
  }

  /** Records that `rows` rows were processed at time `at` (ms). */
  add(at, rows) {
    this.samples.push({ at, rows });
    while (this.samples.length > 2 && at - this.samples[0].at > this.windowMs) this.samples.shift();
  }

  /** `{ rate, eta }` (rows/s, seconds), or nulls until a second of progress has been seen. */
  estimate(remaining) {
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    if (!first || last.at - first.at < 1000) return { rate: null, eta: null };
    const rate = (last.rows - first.rows) / ((last.at - first.at) / 1000);
    return { rate, eta: rate > 0 ? Math.max(0, remaining) / rate : null };
  }
}

/** "40 s", "12 min", "1.5 h". */
export function duration(seconds) {
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}
