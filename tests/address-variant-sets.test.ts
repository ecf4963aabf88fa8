import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startTestStack, type TestStack } from './support/test-stack.ts';

// Issue 14: variants used to be re-grouped by column order in the worker, which paired "Shipping
// Street" with "Mailing Zip" for exactly this header list. The mapping now gives each variant its set.
const HEADERS = 'Street,Zip,Mailing Street,Shipping Street,Mailing Zip,Shipping Zip';
const CSV = [
  HEADERS,
  // The primary address is unknown to the directory; the business is listed at its shipping address.
  '1 Unknown Way,99501,200 Oak Ave,300 Pine Rd,20002,30003',
  // And this one at its mailing address.
  '2 Unknown Way,99501,210 Oak Ave,310 Pine Rd,20012,30013',
].join('\n');

const record = (company: string, street: string, zip: string, person: string) => ({
  company,
  aliases: [],
  street,
  city: null,
  state: null,
  zip,
  phones: [],
  contacts: [{ display_name: person, title: 'Owner', phones: [], emails: [] }],
  emails: [],
  entities: [],
  account_ids: [],
});
const DIRECTORY = [
  record('Shipping Dock Co', '300 Pine Rd', '30003', 'Sam Shipper'),
  // Where row 0's shipping street meets its mailing zip: only a mispaired street finds this decoy.
  record('Decoy Diner', '300 Pine Rd', '20002', 'Dee Coy'),
  record('Mailing Match LLC', '210 Oak Ave', '20012', 'Mel Mailer'),
];

let dir: string;
let stack: TestStack;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bej-i14-sets-'));
  const directoryPath = join(dir, 'directory.jsonl');
  writeFileSync(directoryPath, `${DIRECTORY.map((r) => JSON.stringify(r)).join('\n')}\n`);
  stack = await startTestStack({ ENRICH_DIRECTORY_PATH: directoryPath });
});
after(async () => {
  await stack?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A row's variant values as `set: kind=value` pairs, grouped by the set each one carries. */
function bySet(variants: Array<{ kind: string; header: string; value: string; set?: string }>): Record<string, string[]> {
  const sets: Record<string, string[]> = {};
  for (const v of variants) (sets[v.set ?? '(none)'] ??= []).push(`${v.header}=${v.value}`);
  return sets;
}

test('upload → each street variant is stored with its own zip → the supplement pass matches through the right pair only', async () => {
  const { api } = stack;
  const agent = await api.mintAgent();
  await api.credit(agent.agent_id, 20);
  const uploaded = await api.upload(CSV, { bearer: agent.token });
  assert.equal(uploaded.status, 201, uploaded.text);
  const job = uploaded.body;
  assert.deepEqual(job.mapping.columns, { street: 'Street', zip: 'Zip' });
  assert.deepEqual(
    job.mapping.search_variants.map((v: { header: string; set?: string }) => `${v.header}@${v.set}`),
    ['Mailing Street@mailing', 'Shipping Street@shipping', 'Mailing Zip@mailing', 'Shipping Zip@shipping'],
  );

  const path = `/api/v1/batch/enrich/${job.id}`;
  const row0 = await api.request('GET', `${path}/rows/0`, { bearer: agent.token });
  assert.equal(row0.status, 200);
  assert.deepEqual(bySet(row0.body.search_variants), {
    mailing: ['Mailing Street=200 Oak Ave', 'Mailing Zip=20002'],
    shipping: ['Shipping Street=300 Pine Rd', 'Shipping Zip=30003'],
  });

  assert.equal((await api.request('POST', `${path}/start`, { bearer: agent.token })).status, 202);
  const done = await api.waitForBatch(job.id, agent.token, (j) => j.status === 'completed', 60_000);
  assert.equal(done.counts.matched, 2, JSON.stringify(done.counts));

  const people = async (rowIndex: number) =>
    (await api.request('GET', `${path}/rows/${rowIndex}`, { bearer: agent.token })).body.result.contacts.map((c: { display_name: string }) => c.display_name);
  // Shipping street with shipping zip: the real business, never the decoy at shipping street + mailing zip.
  assert.deepEqual(await people(0), ['Sam Shipper']);
  assert.deepEqual(await people(1), ['Mel Mailer']);
});
