// Times CSV parsers on a realistic lead export and checks each one's output against the known rows,
// so the parser behind @bej/csv is chosen by measurement, correctness first.
import { pathToFileURL } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { parse as csvParseSync } from 'csv-parse/sync';
import Papa from 'papaparse';
import { inferSchema, initParser } from 'udsv';
import { cleanHeaders, parseCsv, tokenizeCsv } from '../packages/csv/src/index.ts';

const ROWS = 10_000;
const RUNS = 9;
const HEADER = [
  'Company Name', 'First Name', 'Last Name', 'Title', 'Email', 'Phone', 'Website', 'Street', 'City',
  'State', 'Postal Code', 'Country', 'Industry', 'Employees', 'Annual Revenue', 'Lead Source',
  'Created At', 'Tags', 'Notes',
];
const WORDS = ['acme', 'global', 'north', 'river', 'summit', 'pioneer', 'harbor', 'union', 'quantum', 'cedar'];
const CITIES = ['Pittsburgh', 'Austin', 'Portland', 'Denver', 'Raleigh', 'Boise', 'Tampa', 'Madison'];
const INDUSTRIES = ['Software', 'Construction, Residential', 'Healthcare', 'Logistics & Freight', 'Retail'];

/** Deterministic so every run and every machine parses the same bytes. */
function makeRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function generateRows(): string[][] {
  const random = makeRandom(42);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const rows: string[][] = [];
  for (let i = 0; i < ROWS; i += 1) {
    const company = `${pick(WORDS)} ${pick(WORDS)}, Inc.`.replace(/^./, (c) => c.toUpperCase());
    const first = pick(['Ana', 'Bo', 'Chen', 'Dee', 'Eli', 'Fatima']);
    const noteLines = [
      `Met at expo ${2020 + (i % 6)}; asked about "premium" tier, budget ~$${Math.floor(random() * 90 + 10)}k.`,
      'Follow up: call after Q3, send deck, loop in ops lead; prefers email over phone.',
      `Ticket #${i}: ${pick(WORDS)} integration, ${pick(WORDS)} migration, legacy ${pick(WORDS)} system.`,
    ];
    // Roughly one row in five carries a multi-line note, as Excel writes Alt+Enter cells.
    const notes = i % 5 === 0 ? noteLines.join('\n') : `${noteLines[0]} ${noteLines[1]} ${noteLines[2]} Owner: ${first}.`;
    rows.push([
      company, first, pick(['Smith', "O'Neil", 'Nguyen', 'García', 'Kowalski']), pick(['CEO', 'VP Sales, East', 'Ops Manager']),
      `${first.toLowerCase()}.${i}@example.com`, `+1412555${String(i % 10_000).padStart(4, '0')}`,
      `https://www.${pick(WORDS)}${i}.example.com/about?ref=csv&id=${i}`, `${100 + (i % 900)} ${pick(WORDS)} Street, Suite ${i % 40}`,
      pick(CITIES), pick(['PA', 'TX', 'OR', 'CO']), String(15000 + (i % 5000)), 'United States', pick(INDUSTRIES),
      String(Math.floor(random() * 5000)), `$${(random() * 1e7).toFixed(2)}`, pick(['Web form', 'Trade show', 'Referral']),
      `2026-01-${String((i % 28) + 1).padStart(2, '0')}T09:${String(i % 60).padStart(2, '0')}:00Z`,
      `${pick(WORDS)};${pick(WORDS)};${pick(WORDS)}`, notes,
    ]);
  }
  return rows;
}

/** Plain RFC 4180 writer (not csvLine, whose formula guard would change the data under test). */
function serialize(records: string[][]): string {
  const cell = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
  return records.map((record) => record.map(cell).join(',')).join('\r\n') + '\r\n';
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function withoutBlankTail(records: string[][]): string[][] {
  const last = records.at(-1);
  return last && last.length === 1 && last[0] === '' ? records.slice(0, -1) : records;
}

// Hand-edited exports often have short and long rows; a parser must keep them as separate records.
const RAGGED_TEXT = 'Name,Phone,City\r\nAda,+14125550100\r\nBo,+14125550101,Austin,extra\r\nCy,+14125550102,Boise\r\n';
const RAGGED_TRUTH = [
  ['Name', 'Phone', 'City'],
  ['Ada', '+14125550100'],
  ['Bo', '+14125550101', 'Austin', 'extra'],
  ['Cy', '+14125550102', 'Boise'],
];

interface Contender {
  name: string;
  /** Returns header plus data rows so every parser is judged against the same truth. */
  parse: (text: string) => string[][];
}

function oursEndToEnd(text: string): string[][] {
  const parsed = parseCsv(text);
  return [parsed.rawHeaders, ...parsed.rows];
}

const CONTENDERS: readonly Contender[] = [
  {
    name: 'udsv',
    parse: (text) => {
      const schema = inferSchema(text);
      return [schema.cols.map((col) => col.name), ...initParser(schema).stringArrs(text)];
    },
  },
  { name: 'papaparse', parse: (text) => withoutBlankTail(Papa.parse<string[]>(text).data) },
  { name: 'csv_parse', parse: (text) => csvParseSync(text, { relax_column_count: true }) as string[][] },
  {
    name: 'ours',
    // parseCsv pads/truncates to the header by contract, so judge its tokenizer on raggedness.
    parse: (text) => (text === RAGGED_TEXT ? tokenizeCsv(text, ',').records : oursEndToEnd(text)),
  },
];

/** Benchmark lines (`csv.parse.<figure> <value>`) for the root bench script. */
export async function runCsvBench(): Promise<string[]> {
  const truth = [HEADER, ...generateRows()];
  const text = serialize(truth);
  const lines = [`csv.parse.input_mb ${(Buffer.byteLength(text) / 1e6).toFixed(2)}`, `csv.parse.rows ${ROWS}`];
  const medians = new Map<string, number>();
  for (const contender of CONTENDERS) {
    const correct = isDeepStrictEqual(contender.parse(text), truth);
    const raggedCorrect = isDeepStrictEqual(contender.parse(RAGGED_TEXT), RAGGED_TRUTH);
    const times: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      const start = performance.now();
      contender.parse(text);
      times.push(performance.now() - start);
      // Yield so a caller's event loop (the root bench) is not starved for the whole series.
      await new Promise((resolve) => setImmediate(resolve));
    }
    medians.set(contender.name, median(times));
    lines.push(`csv.parse.${contender.name}_ms ${median(times).toFixed(1)}`);
    lines.push(`csv.parse.${contender.name}_correct ${correct ? 1 : 0}`);
    lines.push(`csv.parse.${contender.name}_ragged_correct ${raggedCorrect ? 1 : 0}`);
  }
  const ours = medians.get('ours') ?? Number.NaN;
  lines.push(`csv.parse.ours_vs_papaparse ${(ours / (medians.get('papaparse') ?? Number.NaN)).toFixed(2)}x`);
  lines.push(`csv.parse.ours_vs_udsv ${(ours / (medians.get('udsv') ?? Number.NaN)).toFixed(2)}x`);
  // Duplicate renaming of a 128 KB header of one repeated name (was quadratic: 28-75 s).
  const repeated = Array<string>(16_000).fill('Email');
  const renameStart = performance.now();
  cleanHeaders(repeated);
  lines.push(`csv.headers.rename_16000_repeats_ms ${(performance.now() - renameStart).toFixed(1)}`);
  return lines;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const line of await runCsvBench()) console.log(line);
}
