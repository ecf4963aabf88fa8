/**
 * Mapping benchmark: field-level accuracy of the no-LLM pipeline (fast path, else heuristic)
 * over the export fixtures, and the time it takes per file.
 */
import { performance } from 'node:perf_hooks';
import { fastPathMapping, heuristicMapping } from '../packages/leads/src/mapping/index.ts';
import type { ColumnMapping, MappingDecision } from '../packages/leads/src/types.ts';
import { loadExportFixtures, type ExportFixture } from '../tests/fixtures/exports/load-fixtures.ts';

export interface FieldScore {
  correct: number;
  total: number;
  misses: string[];
}

// The preview the LLM would see; the heuristic gets the same rows.
const SAMPLE_ROWS = 10;

/** What upload does with the LLM off: the fast path, else the heuristic. */
export function mapWithoutLlm(headers: string[], rows: string[][]): MappingDecision | null {
  return fastPathMapping(headers) ?? heuristicMapping(headers, rows.slice(0, SAMPLE_ROWS));
}

const asList = (value: string | string[] | undefined) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/**
 * Correct (field, header list) and (variant header, kind) decisions over all expected ones;
 * a field or variant produced but not expected adds a miss and one to the total.
 */
export function scoreMapping(expected: ExportFixture['expected'], actual: ColumnMapping | null): FieldScore {
  const score: FieldScore = { correct: 0, total: 0, misses: [] };
  const got = actual?.columns ?? {};
  const fields = new Set([...Object.keys(expected.columns), ...Object.keys(got)]) as Set<keyof typeof got>;
  for (const field of fields) {
    score.total += 1;
    const want = asList(expected.columns[field]).join(' + ');
    const have = asList(got[field]).join(' + ');
    if (want === have) score.correct += 1;
    else score.misses.push(`${field}: expected [${want}] got [${have}]`);
  }
  const key = (v: { header: string; kind: string }) => `${v.header} as ${v.kind}`;
  const wanted = new Set(expected.search_variants.map(key));
  const produced = new Set((actual?.search_variants ?? []).map(key));
  for (const variant of new Set([...wanted, ...produced])) {
    score.total += 1;
    if (wanted.has(variant) && produced.has(variant)) score.correct += 1;
    else score.misses.push(`variant ${variant}: ${wanted.has(variant) ? 'missing' : 'unexpected'}`);
  }
  return score;
}

export async function runMappingBench(): Promise<string[]> {
  const fixtures = await loadExportFixtures();
  let correct = 0;
  let total = 0;
  const started = performance.now();
  const rounds = 20;
  for (let round = 0; round < rounds; round += 1) {
    for (const fixture of fixtures) {
      const mapping = mapWithoutLlm(fixture.headers, fixture.rows);
      if (round > 0) continue;
      const score = scoreMapping(fixture.expected, mapping);
      correct += score.correct;
      total += score.total;
    }
  }
  const msPerFile = (performance.now() - started) / (rounds * fixtures.length);
  const accuracy = total === 0 ? 0 : correct / total;
  return [
    `mapping.heuristic.field_accuracy ${accuracy.toFixed(3)} (${correct}/${total})`,
    `mapping.heuristic.ms_per_file ${msPerFile.toFixed(2)}`,
    `mapping.fixtures ${fixtures.length}`,
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const line of await runMappingBench()) console.log(line);
}
