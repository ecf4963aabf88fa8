/**
 * Third held-out measurement of the no-LLM mapping: export shapes written from the CONTRACT only,
 * without looking at the mapping heuristics or the other corpora (tests/fixtures/exports-blind3,
 * built by its generate.ts), scored on field decisions and on whether each row matches the
 * blind3 reference directory as it should. Every fixture must load and parse, and both figures
 * must reach 95%, as for the earlier blind corpora.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { readCsvUpload } from '@bej/csv';
import { deriveRow, fastPathMapping, heuristicMapping, type ColumnAssignments, type ColumnMapping, type SearchVariantColumn } from '@bej/leads';
import { createDirectoryProvider, loadDirectory } from '../services/enrich-worker/src/providers/directory.provider.ts';

const ROOT = new URL('./fixtures/exports-blind3/', import.meta.url).pathname;
const SAMPLE_ROWS = 10;

interface ExpectedRows {
  matched: number[];
  not_matched: number[];
  invalid: number[];
}

interface BlindFixture {
  name: string;
  input: Buffer;
  expected: { columns: ColumnAssignments; search_variants: SearchVariantColumn[] };
  rows: ExpectedRows;
}

function loadFixtures(): BlindFixture[] {
  return readdirSync(ROOT)
    .filter((name) => statSync(join(ROOT, name)).isDirectory())
    .sort()
    .map((name) => ({
      name,
      input: readFileSync(join(ROOT, name, 'input.csv')),
      expected: JSON.parse(readFileSync(join(ROOT, name, 'expected.json'), 'utf8')),
      rows: JSON.parse(readFileSync(join(ROOT, name, 'expected-rows.json'), 'utf8')),
    }));
}

const asList = (value: string | string[] | undefined) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** Each expected or produced field and variant is one decision; order matters inside merged lists. */
function scoreMapping(expected: BlindFixture['expected'], actual: ColumnMapping | null) {
  const misses: string[] = [];
  let correct = 0;
  let total = 0;
  const got = actual?.columns ?? {};
  const fields = new Set([...Object.keys(expected.columns), ...Object.keys(got)]) as Set<keyof ColumnAssignments>;
  for (const field of fields) {
    total += 1;
    const want = asList(expected.columns[field]).join(' + ');
    const have = asList(got[field]).join(' + ');
    if (want === have) correct += 1;
    else misses.push(`${field}: expected [${want}] got [${have}]`);
  }
  const key = (v: SearchVariantColumn) => `${v.header} as ${v.kind}`;
  const wanted = new Set(expected.search_variants.map(key));
  const produced = new Set((actual?.search_variants ?? []).map(key));
  for (const variant of new Set([...wanted, ...produced])) {
    total += 1;
    if (wanted.has(variant) && produced.has(variant)) correct += 1;
    else misses.push(`variant ${variant}: ${wanted.has(variant) ? 'missing' : 'unexpected'}`);
  }
  return { correct, total, misses };
}

const pct = (x: number, y: number) => `${x}/${y} (${y === 0 ? '0.0' : ((100 * x) / y).toFixed(1)}%)`;

test('blind3 export shapes: at least 95% of field decisions and of row outcomes right with the LLM off', async () => {
  const fixtures = loadFixtures();
  assert.ok(fixtures.length >= 16, `expected at least 16 blind3 fixtures, found ${fixtures.length}`);
  const provider = createDirectoryProvider({ index: await loadDirectory(join(ROOT, 'directory.jsonl')) });
  let fieldsRight = 0;
  let fieldsTotal = 0;
  let rowsRight = 0;
  let rowsTotal = 0;
  for (const fixture of fixtures) {
    const { headers, rows } = readCsvUpload(fixture.input).parsed;
    // Loads and parses: every header the expectation names exists, and every row is accounted for.
    const named = [...Object.values(fixture.expected.columns).flatMap((h) => asList(h)), ...fixture.expected.search_variants.map((v) => v.header)];
    for (const header of named) assert.ok(headers.includes(header), `${fixture.name}: expected header ${JSON.stringify(header)} not among parsed headers ${JSON.stringify(headers)}`);
    const listed = Object.values(fixture.rows).reduce((n, indexes) => n + indexes.length, 0);
    assert.equal(rows.length, listed, `${fixture.name}: parsed ${rows.length} rows, expected-rows.json lists ${listed}`);
    const mapping = fastPathMapping(headers) ?? heuristicMapping(headers, rows.slice(0, SAMPLE_ROWS));
    const score = scoreMapping(fixture.expected, mapping);
    fieldsRight += score.correct;
    fieldsTotal += score.total;
    const want = new Map<number, string>();
    for (const [outcome, indexes] of Object.entries(fixture.rows)) for (const index of indexes as number[]) want.set(index, outcome);
    const rowMisses: string[] = [];
    let right = 0;
    for (const [index, cells] of rows.entries()) {
      const expected = want.get(index) ?? 'unlisted';
      let outcome = 'invalid';
      if (mapping !== null) {
        const derived = deriveRow(headers, cells, mapping);
        if (derived.valid) {
          const hunt = await provider.hunt({ lead: derived.input, variants: derived.variants });
          outcome = hunt.matched ? 'matched' : 'not_matched';
        }
      }
      if (outcome === expected) right += 1;
      else rowMisses.push(`row ${index}: expected ${expected} got ${outcome}`);
    }
    // Rows the file has but expected-rows.json does not list would otherwise go unscored.
    const expectedCount = want.size;
    rowsRight += right;
    rowsTotal += Math.max(rows.length, expectedCount);
    console.log(`${fixture.name}: fields ${pct(score.correct, score.total)}, rows ${pct(right, Math.max(rows.length, expectedCount))}`);
    for (const miss of score.misses) console.log(`  field miss ${miss}`);
    for (const miss of rowMisses) console.log(`  row miss ${miss}`);
  }
  console.log(`blind3 mapping accuracy: ${pct(fieldsRight, fieldsTotal)}`);
  console.log(`blind3 row match accuracy: ${pct(rowsRight, rowsTotal)}`);
  assert.ok(fieldsRight / fieldsTotal >= 0.95, `blind3 mapping accuracy ${pct(fieldsRight, fieldsTotal)} below 95%`);
  assert.ok(rowsRight / rowsTotal >= 0.95, `blind3 row match accuracy ${pct(rowsRight, rowsTotal)} below 95%`);
});
