import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';

export const PAY_TO = '0x209693Bc6afc0C5328bA36FaF03C514EF312287C';
export const NETWORK = 'eip155:84532';
export const ASSET = '0x036CbD53842c5426634e7929541eC2318f3dCF7e';

interface Call {
  op: 'verify' | 'settle';
  body: unknown;
}

/**
 * An x402 facilitator on a local port (POST /verify, POST /settle, x402 specification v2, section 7). Like a real
 * one it settles an authorization nonce only once; `mode` makes it refuse at verify or settle.
 */
export class FakeFacilitator {
  mode: 'ok' | 'verify_fails' | 'settle_fails' | 'settle_broken' = 'ok';
  readonly calls: Call[] = [];
  private readonly settled = new Set<string>();
  private server: Server | null = null;
  url = '';

  async start(): Promise<this> {
    const answer = async (req: IncomingMessage, res: ServerResponse) => {
      const body = JSON.parse(await readBody(req));
      const op = req.url === '/verify' ? 'verify' : req.url === '/settle' ? 'settle' : null;
      if (!op) {
        res.writeHead(404).end();
        return;
      }
      this.calls.push({ op, body });
      const auth = body.paymentPayload?.payload?.authorization ?? {};
      const payer = auth.from ?? null;
      const required = body.paymentRequirements ?? {};
      // v2 names the amount `amount`, v1 `maxAmountRequired` (and carries the resource URL).
      const requiredAmount = body.x402Version === 1 ? required.maxAmountRequired : required.amount;
      const shapeOk = body.x402Version === 1 ? typeof required.resource === 'string' && !('amount' in required) : !('maxAmountRequired' in required);
      const amountMatches = shapeOk && auth.value === requiredAmount && required.payTo === PAY_TO && required.network === NETWORK;
      const used = this.settled.has(auth.nonce);
      res.setHeader('content-type', 'application/json');
      if (op === 'verify') {
        const isValid = this.mode !== 'verify_fails' && amountMatches && !used;
        res.writeHead(isValid ? 200 : 400).end(JSON.stringify(isValid ? { isValid, payer } : { isValid, invalidReason: used ? 'nonce_already_used' : 'invalid_exact_evm_payload_signature', payer }));
        return;
      }
      if (this.mode === 'settle_broken') {
        res.setHeader('content-type', 'text/html');
        res.writeHead(502).end('<html>bad gateway</html>');
        return;
      }
      if (this.mode === 'settle_fails' || used) {
        res.writeHead(400).end(JSON.stringify({ success: false, errorReason: 'insufficient_funds', transaction: '', network: NETWORK, payer }));
        return;
      }
      this.settled.add(auth.nonce);
      res.end(JSON.stringify({ success: true, transaction: `0x${randomBytes(32).toString('hex')}`, network: NETWORK, payer }));
    };
    this.server = createServer((req, res) => {
      // A request this fake cannot read answers 500, as a broken facilitator would.
      answer(req, res).catch((err: unknown) => res.writeHead(500).end(String(err)));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  count(op: 'verify' | 'settle'): number {
    return this.calls.filter((c) => c.op === op).length;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve, reject) => this.server?.close((err) => (err ? reject(err) : resolve())) ?? resolve());
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text;
}

/** A v2 PaymentPayload for the "exact" EVM scheme, base64-encoded as the PAYMENT-SIGNATURE / X-PAYMENT header carries it. */
export function paymentHeader(amountMicro: number, opts: { payTo?: string; version?: 1 | 2 } = {}): string {
  const amount = String(amountMicro);
  const authorization = {
    from: '0x857b06519E91e3A54538791bDbb0E22373e36b66',
    to: opts.payTo ?? PAY_TO,
    value: amount,
    validAfter: '0',
    validBefore: String(Math.floor(Date.now() / 1000) + 600),
    nonce: `0x${randomBytes(32).toString('hex')}`,
  };
  const payload = { signature: `0x${randomBytes(65).toString('hex')}`, authorization };
  const body =
    opts.version === 1
      ? { x402Version: 1, scheme: 'exact', network: NETWORK, payload }
      : {
          x402Version: 2,
          accepted: { scheme: 'exact', network: NETWORK, amount, asset: ASSET, payTo: opts.payTo ?? PAY_TO, maxTimeoutSeconds: 300, extra: { name: 'USDC', version: '2' } },
          payload,
        };
  return Buffer.from(JSON.stringify(body)).toString('base64');
}
