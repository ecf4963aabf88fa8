import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedCallback {
  headers: IncomingHttpHeaders;
  rawBody: string;
  body: { id: string; type: string; created_at: string; data: { job: Record<string, any> } };
}

/** A local HTTP receiver for callbacks: records every request and answers what `answer` says. */
export class CallbackReceiver {
  readonly received: ReceivedCallback[] = [];
  private server!: Server;
  url = '';

  constructor(private readonly answer: (request: ReceivedCallback, seenBefore: number) => { status: number; headers?: Record<string, string> }) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const rawBody = Buffer.concat(chunks).toString('utf8');
        let body: ReceivedCallback['body'];
        try {
          body = JSON.parse(rawBody);
        } catch {
          body = { id: '', type: 'not-json', created_at: '', data: { job: {} } };
        }
        const request = { headers: req.headers, rawBody, body };
        const seenBefore = this.received.filter((r) => r.body.id === body.id).length;
        this.received.push(request);
        const { status, headers } = this.answer(request, seenBefore);
        res.writeHead(status, headers).end('ok');
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks/batch`;
    return this;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** Polls the owner's delivery log until `done` holds. */
export async function waitForCallbacks(
  api: { request: (method: string, path: string, opts: { bearer: string }) => Promise<{ body: any }> },
  jobId: string,
  token: string,
  done: (log: any) => boolean,
  timeoutMs = 30_000,
) {
  const deadline = Date.now() + timeoutMs;
  let last: any;
  while (Date.now() < deadline) {
    last = (await api.request('GET', `/api/v1/batch/enrich/${jobId}/callbacks`, { bearer: token })).body;
    if (done(last)) return last;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`callbacks did not reach the expected state: ${JSON.stringify(last)}`);
}
