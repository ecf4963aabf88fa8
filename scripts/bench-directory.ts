// Directory provider throughput: index build time and per-row lookup cost on a 10,000-record synthetic directory.
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { CanonicalLead } from '@bej/leads';
import { buildDirectoryIndex, createDirectoryProvider } from '../services/enrich-worker/src/providers/directory.provider.ts';
import type { DirectoryRecordInput } from '../services/enrich-worker/src/providers/directory-record.schema.ts';

const RECORD_COUNT = 10_000;
const LOOKUP_COUNT = 10_000;
const AREA_CODES = ['412', '614', '303', '512', '503', '617', '615', '608', '919', '520', '402', '916', '804', '802', '401', '505', '208', '912', '314', '860'];
const WORDS = ['Maple', 'Harbor', 'Summit', 'Cedar', 'Granite', 'Willow', 'Beacon', 'Prairie', 'Copper', 'Juniper', 'Falcon', 'Orchard', 'Riverside', 'Lantern', 'Meadow', 'Ironwood'];
const TRADES = ['Bakery', 'Plumbing', 'Dental', 'Roofing', 'Print Works', 'Florist', 'Auto Glass', 'Framing', 'Outfitters', 'Tile'];
const CITIES: Array<[string, string, number]> = [['Pittsburgh', 'PA', 15201], ['Columbus', 'OH', 43201], ['Denver', 'CO', 80201], ['Austin', 'TX', 78701], ['Portland', 'OR', 97201], ['Madison', 'WI', 53701], ['Raleigh', 'NC', 27601], ['Tucson', 'AZ', 85701]];

// Deterministic so two runs measure the same work.
function syntheticRecord(i: number): DirectoryRecordInput {
  const [city, state, zipBase] = CITIES[i % CITIES.length] as [string, string, number];
  const area = AREA_CODES[i % AREA_CODES.length] as string;
  const exchange = 201 + (Math.floor(i / AREA_CODES.length) % 600);
  const line = String(1000 + (i % 9000)).padStart(4, '0');
  return {
    company: `${WORDS[i % WORDS.length]} ${WORDS[Math.floor(i / WORDS.length) % WORDS.length]} ${TRADES[i % TRADES.length]} ${i} LLC`,
    street: `${100 + (i % 9000)} ${WORDS[(i * 7) % WORDS.length]} St`,
    city,
    state,
    zip: String(zipBase + (i % 50)),
    phones: [{ number: `${area}-${exchange}-${line}`, type: 'main' }],
    contacts: [{ display_name: `Contact ${i}`, title: 'Owner', phones: [], emails: [`owner${i}@bench.example`] }],
    emails: [{ address: `info${i}@bench.example`, type: 'generic' }],
    entities: [{ legal_name: `Bench Entity ${i} LLC`, jurisdiction: state, registration_id: String(i) }],
  };
}

// A third by phone, a third by name and place, a third by street and zip; every tenth row a miss.
function syntheticLead(i: number, record: DirectoryRecordInput): CanonicalLead {
  const empty: CanonicalLead = { contact_id: `bench-${i}`, company: null, street: null, city: null, state: null, zip: null, number1: null, number2: null, dm_name: null };
  if (i % 10 === 9) return { ...empty, company: `Nobody ${i}`, city: 'Nowhere', state: 'KS', zip: '67000' };
  if (i % 3 === 0) return { ...empty, number1: String(record.phones?.[0]?.number ?? '') };
  if (i % 3 === 1) return { ...empty, company: record.company.replace(/ LLC$/, ', Inc.'), city: text(record.city), state: text(record.state) };
  return { ...empty, street: `${text(record.street) ?? ''} Suite 2`, zip: text(record.zip) };
}

function text(value: string | number | null | undefined): string | null {
  return value === null || value === undefined ? null : String(value);
}

export async function runDirectoryBench(): Promise<string[]> {
  const records = Array.from({ length: RECORD_COUNT }, (_, i) => syntheticRecord(i));
  const buildStarted = performance.now();
  const index = buildDirectoryIndex(records);
  const buildMs = performance.now() - buildStarted;
  const provider = createDirectoryProvider({ index });
  const leads = Array.from({ length: LOOKUP_COUNT }, (_, i) => syntheticLead(i, records[(i * 7919) % RECORD_COUNT] as DirectoryRecordInput));

  let matched = 0;
  const lookupStarted = performance.now();
  for (const lead of leads) {
    if ((await provider.hunt({ lead, variants: [] })).matched) matched += 1;
  }
  const lookupMs = performance.now() - lookupStarted;
  return [
    `directory.records ${RECORD_COUNT}`,
    `directory.index_build_ms ${buildMs.toFixed(1)}`,
    `directory.lookup_us_per_row ${((lookupMs * 1000) / LOOKUP_COUNT).toFixed(1)}`,
    `directory.lookups_per_second ${Math.round(LOOKUP_COUNT / (lookupMs / 1000))}`,
    `directory.match_ratio ${(matched / LOOKUP_COUNT).toFixed(3)}`,
  ];
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const line of await runDirectoryBench()) console.log(line);
}
