// Hostile and careless uploads, shared by tests/hostile-uploads.test.ts and the bench
// (scripts/bench-hostile.ts), plus the probe that measures how long other requests wait meanwhile.
import type { ApiClient } from './test-stack.ts';

const leadLine = (i: number) => `Company ${i} LLC,${100 + (i % 900)} Main St,Pittsburgh,PA,15213,412-555-${String(1000 + (i % 9000)).slice(-4)}`;
export const LEAD_HEADER = 'Company,Street,City,State,Zip,Phone';

/** A well-formed lead file of `rows` rows. */
export function leadFile(rows: number): string {
  return [LEAD_HEADER, ...Array.from({ length: rows }, (_, i) => leadLine(i))].join('\n') + '\n';
}

/** A lead file padded to `columns` columns with free-text fields the mapper has to judge. */
function wideLeadFile(columns: number, rows: number): string {
  const extra = Array.from({ length: columns - 6 }, (_, i) => `Custom Field ${i}`);
  const lines = [[LEAD_HEADER, ...extra].join(',')];
  for (let i = 0; i < rows; i += 1) lines.push([leadLine(i), ...extra.map((_, j) => `note ${i}-${j}`)].join(','));
  return lines.join('\n') + '\n';
}

/** Hostile files (README "Reading uploads"): each must be refused quickly or read without holding the server. */
export function hostileFiles(): Array<{ name: string; content: string | Buffer }> {
  return [
    { name: 'unterminated quote over 10,000 rows', content: `${LEAD_HEADER}\n"Acme,1 Main St,Erie,PA,16501,4125550100\n${leadFile(10_000).split('\n').slice(1).join('\n')}` },
    { name: '128 KB header of 16,000 repeated names', content: `${Array(16_000).fill('Email').join(',')}\n${'a@example.com\n'.repeat(100)}` },
    { name: '50,000-column header and 12,000 short rows', content: `${Array.from({ length: 50_000 }, (_, i) => `c${i}`).join(',')}\n${'a,b\n'.repeat(12_000)}` },
    { name: 'single 1 MB field', content: `${LEAD_HEADER}\n${leadLine(1)}\nBig,${'x'.repeat(1_000_000)},Erie,PA,16501,\n` },
    { name: '2,000 columns (the limit), mostly unknown names', content: wideLeadFile(2_000, 200) },
    { name: 'largest accepted lead file', content: leadFile(10_000) },
    { name: 'Windows-1252 export with an accent on every line', content: Buffer.from(leadFile(10_000).replaceAll('Company ', 'Caf\xe9 '), 'latin1') },
  ];
}

export interface WaitProbe {
  /** Every /healthz answer's wait, in ms. */
  waits: number[];
  /** /healthz answers that arrived while the upload was in flight. */
  answeredDuring: number;
  uploadMs: number;
  uploadStatus: number;
}

/** Uploads `content` while another client polls /healthz back to back, timing each answer. */
export async function probeWhileUploading(api: ApiClient, content: string | Buffer): Promise<WaitProbe> {
  let uploading = true;
  const waits: number[] = [];
  let answeredDuring = 0;
  const poller = (async () => {
    while (uploading) {
      const t0 = performance.now();
      const res = await api.request('GET', '/healthz');
      if (res.status !== 200) throw new Error(`healthz answered ${res.status}`);
      waits.push(performance.now() - t0);
      if (uploading) answeredDuring += 1;
    }
  })();
  const t0 = performance.now();
  // Let the poller's first request go out before the upload starts competing.
  await new Promise((resolve) => setImmediate(resolve));
  const res = await api.upload(content);
  const uploadMs = performance.now() - t0;
  uploading = false;
  await poller;
  return { waits, answeredDuring, uploadMs, uploadStatus: res.status };
}
