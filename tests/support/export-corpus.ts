/**
 * Scores an export corpus the way upload does with the LLM off: every fixture's mapping
 * (fast path, else heuristics) against its expected.json, and, where the corpus has a
 * directory.jsonl and expected-rows.json, whether each row matches as it should.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readCsvUploadSync } from '@bej/csv';
import {
  deriveRow,
  fastPathMapping,
  heuristicMapping,
  type ColumnAssignments,
  type ColumnMapping,
  type MappingDecision,
  type SearchVariantColumn,
} from '@bej/leads';
import { createDirectoryProvider, loadDirectory } from '../../services/enrich-worker/src/providers/directory.provider.ts';

const FIXTURES = new URL('../fixtures/', import.meta.url).pathname;
// The preview the LLM would see; the heuristic gets the same rows.
const SAMPLE_ROWS = 10;

export interface ExpectedMapping {
  columns: ColumnAssignments;
  search_variants: SearchVariantColumn[];
}

export interface Tally {
  correct: number;
  total: number;
}

export interface CorpusScore {
  fixtures: number;
  fields: Tally;
  /** Null when the corpus has no directory to match against. */
  rows: Tally | null;
  /** One line per fixture and per miss, then the totals: printed by tests and the bench. */
  lines: string[];
}

/** What upload does with the LLM off: the fast path, else the heuristic. */
export function mapWithoutLlm(headers: string[], rows: string[][]): MappingDecision | null {
  return fastPathMapping(headers) ?? heuristicMapping(headers, rows.slice(0, SAMPLE_ROWS));
}

const asList = (value: string | string[] | undefined) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/**
 * Each expected or produced field and variant is one decision (order matters inside merged
 * lists); a field or variant produced but not expected is a wrong decision too.
 */
export function scoreMapping(expected: ExpectedMapping, actual: ColumnMapping | null): Tally & { misses: string[] } {
  const score = { correct: 0, total: 0, misses: [] as string[] };
  const got = actual?.columns ?? {};
  const fields = new Set([...Object.keys(expected.columns), ...Object.keys(got)]) as Set<keyof ColumnAssignments>;
  for (const field of fields) {
    score.total += 1;
    const want = asList(expected.columns[field]).join(' + ');
    const have = asList(got[field]).join(' + ');
    if (want === have) score.correct += 1;
    else score.misses.push(`${field}: expected [${want}] got [${have}]`);
  }
  const key = (v: SearchVariantColumn) => `${v.header} as ${v.kind}`;
  const wanted = new Set(expected.search_variants.map(key));
  const produced = new Set((actual?.search_variants ?? []).map(key));
  for (const variant of new Set([...wanted, ...produced])) {
    score.total += 1;
    if (wanted.has(variant) && produced.has(variant)) score.correct += 1;
    else score.misses.push(`variant ${variant}: ${wanted.has(variant) ? 'missing' : 'unexpected'}`);
  }
  return score;
}

export const pct = ({ correct, total }: Tally) => `${correct}/${total} (${total === 0 ? '0.0' : ((100 * correct) / total).toFixed(1)}%)`;
export const ratio = ({ correct, total }: Tally) => (total === 0 ? 0 : correct / total);

/**
 * A corpus is well-formed: every header its expectations name is among the parsed headers, and
 * expected-rows.json accounts for every parsed row. Returns the problems found.
 */
export function corpusProblems(corpus: string): string[] {
  const root = join(FIXTURES, corpus);
  const problems: string[] = [];
  for (const name of readdirSync(root).filter((n) => existsSync(join(root, n, 'expected.json')))) {
    const { headers, rows } = readCsvUploadSync(readFileSync(join(root, name, 'input.csv'))).parsed;
    const expected = JSON.parse(readFileSync(join(root, name, 'expected.json'), 'utf8')) as ExpectedMapping;
    const named = [...Object.values(expected.columns).flatMap((h) => asList(h)), ...expected.search_variants.map((v) => v.header)];
    for (const header of named) if (!headers.includes(header)) problems.push(`${name}: expected header ${JSON.stringify(header)} is not in the file`);
    const rowsFile = join(root, name, 'expected-rows.json');
    if (!existsSync(rowsFile)) continue;
    const listed = Object.values(JSON.parse(readFileSync(rowsFile, 'utf8')) as Record<string, number[]>).reduce((n, list) => n + list.length, 0);
    if (listed !== rows.length) problems.push(`${name}: ${rows.length} rows parsed, ${listed} listed in expected-rows.json`);
  }
  return problems;
}

/** Scores `tests/fixtures/<corpus>/*` (folders with input.csv and expected.json). */
export async function scoreCorpus(corpus: string, label: string): Promise<CorpusScore> {
  const root = join(FIXTURES, corpus);
  const names = readdirSync(root)
    .filter((name) => statSync(join(root, name)).isDirectory() && existsSync(join(root, name, 'expected.json')))
    .sort();
  const directoryPath = join(root, 'directory.jsonl');
  const provider = existsSync(directoryPath) ? createDirectoryProvider({ index: await loadDirectory(directoryPath) }) : null;
  const fields: Tally = { correct: 0, total: 0 };
  const rowsTally: Tally = { correct: 0, total: 0 };
  const lines: string[] = [];
  for (const name of names) {
    const { headers, rows } = readCsvUploadSync(readFileSync(join(root, name, 'input.csv'))).parsed;
    const mapping = mapWithoutLlm(headers, rows);
    const score = scoreMapping(JSON.parse(readFileSync(join(root, name, 'expected.json'), 'utf8')) as ExpectedMapping, mapping);
    fields.correct += score.correct;
    fields.total += score.total;
    let line = `${name}: fields ${pct(score)}`;
    const misses = score.misses.map((m) => `  field miss ${m}`);
    const rowsFile = join(root, name, 'expected-rows.json');
    if (provider && existsSync(rowsFile)) {
      const rowScore = await scoreRows(rows, headers, mapping, JSON.parse(readFileSync(rowsFile, 'utf8')), provider);
      rowsTally.correct += rowScore.correct;
      rowsTally.total += rowScore.total;
      line += `, rows ${pct(rowScore)}`;
      misses.push(...rowScore.misses.map((m) => `  row miss ${m}`));
    }
    lines.push(line, ...misses);
  }
  lines.push(`${label} mapping accuracy: ${pct(fields)}`);
  if (provider) lines.push(`${label} row match accuracy: ${pct(rowsTally)}`);
  return { fixtures: names.length, fields, rows: provider ? rowsTally : null, lines };
}

async function scoreRows(
  rows: string[][],
  headers: string[],
  mapping: ColumnMapping | null,
  expected: Record<string, number[]>,
  provider: ReturnType<typeof createDirectoryProvider>,
): Promise<Tally & { misses: string[] }> {
  const want = new Map<number, string>();
  for (const [outcome, indexes] of Object.entries(expected)) for (const index of indexes) want.set(index, outcome);
  const score = { correct: 0, total: Math.max(rows.length, want.size), misses: [] as string[] };
  for (const [index, cells] of rows.entries()) {
    const wanted = want.get(index) ?? 'unlisted';
    let outcome = 'invalid';
    if (mapping !== null) {
      const derived = deriveRow(headers, cells, mapping);
      if (derived.valid) outcome = (await provider.hunt({ lead: derived.input, variants: derived.variants })).matched ? 'matched' : 'not_matched';
    }
    if (outcome === wanted) score.correct += 1;
    else score.misses.push(`row ${index}: expected ${wanted} got ${outcome}`);
  }
  return score;
}
