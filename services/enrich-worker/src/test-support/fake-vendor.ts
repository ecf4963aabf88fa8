import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A customer's data vendor for the `http` provider's tests: scripted per request, every request recorded. */
export interface VendorRequest {
  authorization: string | null;
  body: { pass: string; lead: Record<string, string | null>; search_variants: Array<{ kind: string; value: string }> };
}

export type VendorReply = { status: number; body: unknown; headers?: Record<string, string>; delayMs?: number } | { raw: string };

export interface FakeVendor {
  url: string;
  requests: VendorRequest[];
  close(): Promise<void>;
}

export async function startFakeVendor(respond: (request: VendorRequest, nth: number) => VendorReply): Promise<FakeVendor> {
  const requests: VendorRequest[] = [];
  const server = createServer((req, res) => {
    void readJson(req).then(async (body) => {
      const request = { authorization: req.headers.authorization ?? null, body: body as VendorRequest['body'] };
      requests.push(request);
      const reply = respond(request, requests.length);
      if ('raw' in reply) {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end(reply.raw);
        return;
      }
      if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
      if (res.destroyed) return;
      res.writeHead(reply.status, { 'content-type': 'application/json', ...(reply.headers ?? {}) });
      res.end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/enrich`,
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null'));
      } catch (err) {
        reject(err);
      }
    });
    req.on('error', reject);
  });
}
