import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local OpenAI-compatible `/v1/chat/completions` for tests (unit and end-to-end): scripted replies,
 * every request recorded. Synthetic only; it never forwards anything.
 */
export type FakeReply =
  /** Assistant message content: an object is JSON-encoded; `fenced` wraps it in a ```json fence. */
  | { content: unknown; fenced?: boolean; usage?: FakeUsage }
  /** An assistant tool call of `submit_mapping` (or `name`) with these arguments (object → JSON). */
  | { toolCall: unknown; name?: string; usage?: FakeUsage }
  /** Several tool calls in one assistant turn (parallel tool use), each `{name, arguments}`. */
  | { toolCalls: Array<{ name: string; arguments: unknown }>; usage?: FakeUsage }
  /** A 200 whose body is this raw text (not a chat completion at all). */
  | { rawBody: string }
  /** An HTTP error status with an OpenAI-style error body. */
  | { status: number; headers?: Record<string, string>; message?: string }
  /** Waits before sending `then` (use it to trigger client timeouts). */
  | { delayMs: number; then: FakeReply };

/** Token usage (and OpenRouter's `cost`) reported with a reply. */
export interface FakeUsage {
  prompt_tokens: number;
  completion_tokens: number;
  cost?: number;
}

export interface RecordedRequest {
  path: string;
  body: Record<string, unknown>;
  /** Taken from the last user message when it is the mapper's `{headers, sample_rows}` JSON, else null. */
  headers: string[] | null;
  sampleRows: string[][] | null;
}

type Responder = (request: RecordedRequest) => FakeReply;

export interface FakeOpenAI {
  /** Pass as OPENROUTER_BASE_URL, e.g. http://127.0.0.1:43123/v1 */
  baseURL: string;
  requests: RecordedRequest[];
  /** Replies used in order, one per request; when they run out the fallback answers. */
  enqueue(...replies: FakeReply[]): void;
  setFallback(fallback: FakeReply | Responder): void;
  /** Forgets recorded requests and queued replies (the fallback stays). */
  reset(): void;
  close(): Promise<void>;
}

interface FakeOpenAIOptions {
  replies?: FakeReply[];
  /** Default: HTTP 500 "no scripted reply", so a missing script shows up as a failure. */
  fallback?: FakeReply | Responder;
}

export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const queue: FakeReply[] = [...(options.replies ?? [])];
  let fallback: FakeReply | Responder = options.fallback ?? { status: 500, message: 'fake: no scripted reply' };
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();

  const server = createServer((req, res) => {
    void handle(req, res).catch((err: Error) => {
      if (!res.headersSent) sendJson(res, 500, { error: { message: `fake: ${err.message}`, type: 'server_error' } });
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
      sendJson(res, 404, { error: { message: `fake: no route ${req.method} ${req.url}`, type: 'not_found' } });
      return;
    }
    const body = JSON.parse(raw) as Record<string, unknown>;
    const recorded = { path: req.url, body, ...mapperPayload(body) };
    requests.push(recorded);
    const reply = queue.shift() ?? (typeof fallback === 'function' ? fallback(recorded) : fallback);
    await send(res, reply, String(body.model ?? 'fake-model'));
  }

  async function send(res: ServerResponse, reply: FakeReply, model: string): Promise<void> {
    if ('delayMs' in reply) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          timers.delete(timer);
          resolve();
        }, reply.delayMs);
        timers.add(timer);
      });
      // The client may have timed out and gone; nothing to answer then.
      if (res.destroyed || res.socket?.destroyed) return;
      return send(res, reply.then, model);
    }
    if ('status' in reply) {
      res.writeHead(reply.status, { 'content-type': 'application/json', ...(reply.headers ?? {}) });
      res.end(JSON.stringify({ error: { message: reply.message ?? `fake status ${reply.status}`, type: 'fake_error', code: reply.status } }));
      return;
    }
    if ('rawBody' in reply) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(reply.rawBody);
      return;
    }
    const calls = 'toolCalls' in reply ? reply.toolCalls : 'toolCall' in reply ? [{ name: reply.name ?? 'submit_mapping', arguments: reply.toolCall }] : null;
    const message = calls
      ? {
          role: 'assistant',
          content: null,
          tool_calls: calls.map((call, i) => ({ id: `call_fake_${i + 1}`, type: 'function', function: { name: call.name, arguments: asText(call.arguments) } })),
        }
      : { role: 'assistant', content: 'fenced' in reply && reply.fenced ? `\`\`\`json\n${asText(reply.content)}\n\`\`\`` : asText((reply as { content: unknown }).content) };
    const usage = reply.usage ?? { prompt_tokens: 0, completion_tokens: 0 };
    sendJson(res, 200, {
      id: 'chatcmpl-fake',
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model,
      choices: [{ index: 0, message, finish_reason: calls ? 'tool_calls' : 'stop', logprobs: null }],
      usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
    });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    enqueue: (...replies) => void queue.push(...replies),
    setFallback: (next) => {
      fallback = next;
    },
    reset: () => {
      requests.length = 0;
      queue.length = 0;
    },
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}

function asText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function sendJson(res: ServerResponse, status: number, payload: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(payload));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function mapperPayload(body: Record<string, unknown>): Pick<RecordedRequest, 'headers' | 'sampleRows'> {
  const messages = Array.isArray(body.messages) ? (body.messages as Array<{ role?: string; content?: unknown }>) : [];
  const user = messages.filter((m) => m.role === 'user').at(-1);
  if (typeof user?.content !== 'string') return { headers: null, sampleRows: null };
  try {
    const parsed = JSON.parse(user.content) as { headers?: unknown; sample_rows?: unknown };
    return {
      headers: Array.isArray(parsed.headers) ? (parsed.headers as string[]) : null,
      sampleRows: Array.isArray(parsed.sample_rows) ? (parsed.sample_rows as string[][]) : null,
    };
  } catch (err) {
    // Another client's prompt format: record the body, just without the parsed file view.
    void err;
    return { headers: null, sampleRows: null };
  }
}
