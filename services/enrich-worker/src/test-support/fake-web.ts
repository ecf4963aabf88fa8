import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the web (tests, demo, bench): a SearXNG-compatible `/search?q=&format=json`
 * over synthetic business records (e.g. examples/directory.jsonl), and one page per record.
 * Synthetic data only; it never reaches the internet.
 */
export interface FakeWeb {
  baseUrl: string;
  queries: string[];
  close(): Promise<void>;
}

interface WebRecord {
  company: string;
  aliases?: string[];
  street?: string;
  city?: string;
  state?: string;
  phones?: Array<{ number: string }>;
  account_ids?: string[];
  [key: string]: unknown;
}

const LEGAL = new Set(['llc', 'inc', 'co', 'corp', 'company', 'ltd', 'lp', 'llp', 'pllc', 'the']);
const words = (s: string) => s.toLowerCase().replace(/[^a-z0-9 ]+/g, ' ').split(/\s+/).filter((w) => w && !LEGAL.has(w));
const digits = (s: string) => s.replace(/\D/g, '').slice(-10);

export function loadWebRecords(path: string): WebRecord[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as WebRecord);
}

function matches(record: WebRecord, query: string): boolean {
  const q = new Set(words(query));
  const queryDigits = query.replace(/\D/g, '');
  const names = [record.company, ...(record.aliases ?? [])];
  if (names.some((name) => words(name).length > 0 && words(name).every((w) => q.has(w)))) return true;
  if ((record.phones ?? []).some((p) => digits(p.number).length === 10 && queryDigits.includes(digits(p.number)))) return true;
  return (record.account_ids ?? []).some((id) => query.toLowerCase().includes(id.toLowerCase()));
}

export async function startFakeWeb(records: WebRecord[]): Promise<FakeWeb> {
  const queries: string[] = [];
  let base = '';
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    if (url.pathname === '/search') {
      const q = url.searchParams.get('q') ?? '';
      queries.push(q);
      const results = records
        .map((record, i) => ({ record, i }))
        .filter(({ record }) => matches(record, q))
        .slice(0, 5)
        .map(({ record, i }) => ({ title: record.company, url: `${base}/page/${i}`, content: [record.street, record.city, record.state].filter(Boolean).join(', ') }));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ query: q, results }));
      return;
    }
    const page = /^\/page\/(\d+)$/.exec(url.pathname);
    const record = page ? records[Number(page[1])] : undefined;
    if (!record) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<html><head><title>${record.company}</title><script>var x = 1;</script></head><body><h1>${record.company}</h1><pre>${JSON.stringify(record)}</pre></body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl: base,
    queries,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}
