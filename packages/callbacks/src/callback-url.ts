import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { isForbiddenAddress } from './address-policy.ts';

/** A callback URL we will not send to; `message` says why and what to do, for a 422. */
export class CallbackUrlRejection extends Error {}

export interface CallbackPolicy {
  /** CALLBACK_ALLOW_PRIVATE=1: loopback and private addresses are fine (tests, on-premises). */
  allowPrivate: boolean;
}

const MAX_URL_LENGTH = 2048;

/** Parses and shape-checks a callback URL (no network). */
export function parseCallbackUrl(raw: string): URL {
  if (raw.length > MAX_URL_LENGTH) throw new CallbackUrlRejection(`callback_url is longer than ${MAX_URL_LENGTH} characters.`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new CallbackUrlRejection('callback_url is not an absolute URL; send something like https://example.com/hooks/batch.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new CallbackUrlRejection(`callback_url must be http or https, not ${url.protocol.replace(':', '')}.`);
  }
  if (url.username || url.password) {
    throw new CallbackUrlRejection('callback_url must not carry a user name or password; verify the X-Signature header instead.');
  }
  return url;
}

/** The bare host of a URL (IPv6 literals lose their brackets). */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

/**
 * Every address `host` resolves to, each checked: one forbidden address is enough to refuse,
 * since the connection may use any of them.
 */
export async function resolveAllowedAddresses(host: string, policy: CallbackPolicy): Promise<Array<{ address: string; family: number }>> {
  const addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await resolve(host);
  if (!policy.allowPrivate) {
    const bad = addresses.find((a) => isForbiddenAddress(a.address));
    if (bad) {
      throw new CallbackUrlRejection(
        `callback_url ${isIP(host) ? 'is' : `resolves to`} a loopback, private, link-local or reserved address (${bad.address}); ` +
          'callbacks must reach a public address (operators can set CALLBACK_ALLOW_PRIVATE=1 for on-premises receivers).',
      );
    }
  }
  return addresses;
}

async function resolve(host: string) {
  try {
    return await lookup(host, { all: true, verbatim: true });
  } catch (err) {
    throw new CallbackUrlRejection(`callback_url host does not resolve (${(err as NodeJS.ErrnoException).code ?? 'lookup failed'}).`);
  }
}

/** What a submission (upload form field, headless body) runs: shape, then DNS, then address policy. */
export async function checkCallbackUrl(raw: string, policy: CallbackPolicy): Promise<string> {
  const url = parseCallbackUrl(raw.trim());
  await resolveAllowedAddresses(hostOf(url), policy);
  return url.toString();
}
