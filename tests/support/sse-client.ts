/** A minimal event-stream reader for tests and the bench: every frame kept, in arrival order. */
export interface SseFrame {
  id: string | null;
  event: string | null;
  data: any;
  comment: string | null;
}

export interface SseClient {
  status: number;
  /** Every frame, unless opened with `keep: false` (then only the counts grow). */
  frames: SseFrame[];
  /** Frames seen per event name ('' for comments). */
  counts: Map<string, number>;
  /** Polls the frames (no blind sleeps) until `done` holds; throws after `timeoutMs`. */
  waitFor(done: (frames: SseFrame[]) => boolean, timeoutMs?: number): Promise<SseFrame[]>;
  close(): void;
  ended: Promise<void>;
}

export async function openSse(url: string, headers: Record<string, string>, opts: { keep?: boolean } = {}): Promise<SseClient> {
  const keep = opts.keep ?? true;
  const counts = new Map<string, number>();
  const controller = new AbortController();
  const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: controller.signal });
  const frames: SseFrame[] = [];
  const ended = (async () => {
    if (!res.body || res.status !== 200) return;
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let cut;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const frame = parseFrame(block);
          counts.set(frame.event ?? '', (counts.get(frame.event ?? '') ?? 0) + 1);
          if (keep) frames.push(frame);
        }
      }
    } catch (err) {
      if ((err as Error).name !== 'AbortError') throw err;
    }
  })();
  return {
    status: res.status,
    frames,
    counts,
    ended,
    async waitFor(done, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (!done(frames)) {
        if (Date.now() > deadline) throw new Error(`event stream: condition not met; ${frames.length} frames: ${JSON.stringify(frames.slice(-5))}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return frames;
    },
    close: () => controller.abort(),
  };
}

function parseFrame(block: string): SseFrame {
  const frame: SseFrame = { id: null, event: null, data: null, comment: null };
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) frame.comment = line.slice(1).trim();
    else if (line.startsWith('id: ')) frame.id = line.slice(4);
    else if (line.startsWith('event: ')) frame.event = line.slice(7);
    else if (line.startsWith('data: ')) data.push(line.slice(6));
  }
  if (data.length > 0) frame.data = JSON.parse(data.join('\n'));
  return frame;
}
