import type { Response } from 'express';

/** A client that stops reading gets cut off here rather than grow the process's memory; it resumes with Last-Event-ID. */
const MAX_BUFFERED_BYTES = 1024 * 1024;

/** One open `text/event-stream` response: frames, heartbeats, and a cut-off for clients that stopped reading. */
export class SseStream {
  private closed = false;

  constructor(
    private readonly res: Response,
    private readonly onClose: () => void,
  ) {
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('Connection', 'keep-alive');
    // Reverse proxies (nginx) would otherwise buffer the stream.
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    res.on('close', () => this.finish());
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** `id` is the resume point a client sends back as Last-Event-ID. */
  send(event: string, data: unknown, id?: string): void {
    this.write(`${id ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  comment(text: string): void {
    this.write(`: ${text}\n\n`);
  }

  retry(ms: number): void {
    this.write(`retry: ${ms}\n\n`);
  }

  close(): void {
    if (!this.closed) this.res.end();
    this.finish();
  }

  private write(frame: string): void {
    if (this.closed) return;
    if (this.res.writableLength > MAX_BUFFERED_BYTES) {
      this.close();
      return;
    }
    this.res.write(frame);
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    this.onClose();
  }
}
