/**
 * Out-of-sample check of the no-LLM mapping: export shapes written without looking at the
 * mapping heuristics (tests/fixtures/exports-blind), scored on field decisions and on whether
 * each row matches the blind reference directory as it should.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pct, ratio, scoreCorpus } from './support/export-corpus.ts';

test('blind export shapes: mapping and directory matching with the LLM off', async () => {
  const score = await scoreCorpus('exports-blind', 'blind');
  for (const line of score.lines) console.log(line);
  assert.ok(score.fixtures >= 18, `expected at least 18 blind fixtures, found ${score.fixtures}`);
  assert.ok(ratio(score.fields) >= 0.95, `blind mapping accuracy ${pct(score.fields)} is below 95%`);
  assert.ok(score.rows && ratio(score.rows) >= 0.95, `blind row match accuracy ${score.rows && pct(score.rows)} is below 95%`);
});
