import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

interface SearchHit {
  title: string;
  url: string;
  snippet: string;
}

/**
 * Where the hunt's `web_search` and `fetch_page` tools go. `searxng` talks to any
 * SearXNG-compatible JSON search endpoint (self-hosted, or a fake in tests); `openrouter-web`
 * defines no tools and lets OpenRouter's web plugin search for the model.
 */
export interface SearchBackend {
  readonly name: string;
  /** False when the model searches by itself (OpenRouter web plugin): no tools are offered. */
  readonly offersTools: boolean;
  search(query: string, signal: AbortSignal): Promise<SearchHit[]>;
  fetchPage(url: string, signal: AbortSignal): Promise<string>;
}

interface SearxngOptions {
  baseUrl: string;
  maxResults: number;
  pageChars: number;
  /** Tests and on-premises setups fetch pages from loopback/private hosts; the default refuses them. */
  allowPrivate: boolean;
}

export function createSearxngBackend(options: SearxngOptions): SearchBackend {
  return {
    name: 'searxng',
    offersTools: true,
    async search(query, signal) {
      const url = new URL('search', options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
      url.searchParams.set('q', query);
      url.searchParams.set('format', 'json');
      const res = await fetch(url, { signal, headers: { accept: 'application/json' } });
      if (!res.ok) throw new Error(`search answered ${res.status}`);
      const body = (await res.json()) as { results?: Array<{ title?: unknown; url?: unknown; content?: unknown }> };
      return (body.results ?? []).slice(0, options.maxResults).flatMap((r) =>
        typeof r.url === 'string' ? [{ title: String(r.title ?? ''), url: r.url, snippet: String(r.content ?? '').slice(0, 500) }] : [],
      );
    },
    async fetchPage(raw, signal) {
      // Pages are chosen by a model that reads the web (prompt injection is possible): every hop of
      // a redirect is checked, and the body is read up to a cap.
      let url = new URL(raw);
      for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
        if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('only http(s) pages can be fetched');
        if (!options.allowPrivate && (await isPrivateHost(url.hostname))) throw new Error('private or loopback addresses are not fetched');
        const res = await fetch(url, { signal, redirect: 'manual', headers: { accept: 'text/html,text/plain' } });
        const location = res.headers.get('location');
        if (res.status >= 300 && res.status < 400 && location) {
          await res.body?.cancel();
          url = new URL(location, url);
          continue;
        }
        if (!res.ok) {
          await res.body?.cancel();
          throw new Error(`page answered ${res.status}`);
        }
        return pageText(await readCapped(res, MAX_PAGE_BYTES)).slice(0, options.pageChars);
      }
      throw new Error(`more than ${MAX_REDIRECTS} redirects`);
    },
  };
}

const MAX_REDIRECTS = 3;
const MAX_PAGE_BYTES = 2 * 1024 * 1024;

/** The body as text, at most `maxBytes` of it (the rest is not downloaded). */
async function readCapped(res: Response, maxBytes: number): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    total += value.byteLength;
    if (total >= maxBytes) {
      await reader.cancel();
      break;
    }
  }
  return new TextDecoder().decode(Buffer.concat(chunks).subarray(0, maxBytes));
}

export const openrouterWebBackend: SearchBackend = {
  name: 'openrouter-web',
  offersTools: false,
  search: async () => {
    throw new Error('the openrouter-web backend searches inside the model call');
  },
  fetchPage: async () => {
    throw new Error('the openrouter-web backend searches inside the model call');
  },
};

/** Visible text of a page: scripts and styles dropped, tags removed, whitespace folded. */
export function pageText(html: string): string {
  return html
    .replace(/<(script|style|noscript)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, ' ')
    .trim();
}

async function isPrivateHost(hostname: string): Promise<boolean> {
  const host = hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host) ? [host] : (await lookup(host, { all: true })).map((a) => a.address);
  return addresses.some(isPrivateAddress);
}

function isPrivateAddress(address: string): boolean {
  if (address.includes(':')) {
    const a = address.toLowerCase();
    return a === '::1' || a === '::' || a.startsWith('fc') || a.startsWith('fd') || a.startsWith('fe80') || a.startsWith('::ffff:127.') || a.startsWith('::ffff:10.') || a.startsWith('::ffff:192.168.');
  }
  const [a, b] = address.split('.').map(Number) as [number, number];
  return a === 10 || a === 127 || a === 0 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127);
}
