/**
 * A second out-of-sample check of the no-LLM mapping (tests/fixtures/exports-blind2): CRM,
 * contact-app, accounting and utility export shapes written without looking at the mapping
 * heuristics or the two earlier corpora, scored the same way as mapping-blind.test.ts.
 * The corpus is written by tests/fixtures/exports-blind2/generate.ts (seeded, outputs kept).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pct, ratio, scoreCorpus } from './support/export-corpus.ts';

test('blind2 export shapes: mapping and directory matching with the LLM off', async () => {
  const score = await scoreCorpus('exports-blind2', 'blind2');
  for (const line of score.lines) console.log(line);
  assert.ok(score.fixtures >= 20, `expected at least 20 blind2 fixtures, found ${score.fixtures}`);
  assert.ok(ratio(score.fields) >= 0.95, `blind2 mapping accuracy ${pct(score.fields)} is below 95%`);
  assert.ok(score.rows && ratio(score.rows) >= 0.95, `blind2 row match accuracy ${score.rows && pct(score.rows)} is below 95%`);
});
