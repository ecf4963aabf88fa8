/**
 * Mapping benchmark: field-level accuracy of the no-LLM pipeline (fast path, else heuristic)
 * on every export corpus (row-match accuracy where the corpus has a directory), and the time
 * it takes per file. Labels say which corpora were tuned on and which is the current round's
 * held-out set (docs/mapping-corpora.md).
 */
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { loadExportFixtures } from '../tests/fixtures/exports/load-fixtures.ts';
import { mapWithoutLlm, ratio, scoreCorpus } from '../tests/support/export-corpus.ts';

const CORPORA: Array<[string, string]> = [
  // Tuned on (regression): the first corpus and the blind corpora of earlier rounds.
  ['exports', 'tuned'],
  ['exports-blind', 'blind'],
  ['exports-blind2', 'blind2'],
  ['exports-blind3', 'blind3'],
  ['exports-blind4', 'blind4'],
  ['exports-blind5', 'blind5'],
  ['exports-blind6', 'blind6'],
  ['exports-blind7', 'blind7'],
  // Held out: not tuned on in the round that rewrites the rules as data.
  ['exports-blind8', 'heldout.blind8'],
];

export async function runMappingBench(): Promise<string[]> {
  const lines: string[] = [];
  for (const [corpus, label] of CORPORA) {
    if (!existsSync(new URL(`../tests/fixtures/${corpus}/`, import.meta.url))) continue;
    const score = await scoreCorpus(corpus, label);
    const rows = score.rows ? ` row_accuracy ${ratio(score.rows).toFixed(3)} (${score.rows.correct}/${score.rows.total})` : '';
    lines.push(`mapping.${label}.field_accuracy ${ratio(score.fields).toFixed(3)} (${score.fields.correct}/${score.fields.total}, ${score.fixtures} shapes)${rows}`);
  }
  const fixtures = await loadExportFixtures();
  const rounds = 20;
  const started = performance.now();
  for (let round = 0; round < rounds; round += 1) for (const fixture of fixtures) mapWithoutLlm(fixture.headers, fixture.rows);
  lines.push(`mapping.heuristic.ms_per_file ${((performance.now() - started) / (rounds * fixtures.length)).toFixed(2)}`);
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const line of await runMappingBench()) console.log(line);
}
