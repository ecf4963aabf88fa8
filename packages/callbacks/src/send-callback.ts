import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { hostOf, parseCallbackUrl, resolveAllowedAddresses, type CallbackPolicy } from './callback-url.ts';

export interface CallbackResponse {
  statusCode: number;
  /** Set on a 3xx: redirects are never followed (the target could be anywhere, metadata included). */
  location: string | null;
}

/**
 * POSTs one callback. The host is resolved once and every address checked; the connection is
 * pinned to those checked addresses (no second lookup a rebinding DNS could answer differently).
 * Throws CallbackUrlRejection when the policy refuses the target, a plain Error on network trouble.
 */
export async function postCallback(
  rawUrl: string,
  body: string,
  headers: Record<string, string>,
  opts: CallbackPolicy & { timeoutMs: number },
): Promise<CallbackResponse> {
  const url = parseCallbackUrl(rawUrl);
  const addresses = await resolveAllowedAddresses(hostOf(url), opts);
  const pinned: LookupFunction = (_hostname, options, callback) => {
    if ((options as { all?: boolean }).all) (callback as (e: null, a: typeof addresses) => void)(null, addresses);
    else callback(null, addresses[0]!.address, addresses[0]!.family);
  };
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise<CallbackResponse>((resolve, reject) => {
    const req = transport.request(
      url,
      {
        method: 'POST',
        lookup: pinned,
        headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...headers },
        timeout: opts.timeoutMs,
      },
      (res) => {
        // The answer's body means nothing to us; drain it so the socket is released.
        res.resume();
        res.on('end', () => resolve({ statusCode: res.statusCode ?? 0, location: res.headers.location ?? null }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${opts.timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}
