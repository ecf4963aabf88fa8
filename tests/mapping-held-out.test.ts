/**
 * Held-out set: tests/fixtures/exports-blind8 is the held-out corpus of the round that rewrites
 * the mapping rules as data (issue 14). It was written without reading packages/leads/src/mapping
 * (twelve shapes no earlier corpus holds; expected mappings are a careful reading of README "Reading uploads",
 * convention calls in each expected.json's notes; row outcomes checked by the independent matcher
 * in its generate.ts), committed, and then measured once on the code before that change, LLM
 * off, on 2026-12-02: 100/116 field decisions (86.2%) and 125/134 row outcomes (93.3%).
 * The thresholds are those figures rounded down: the test guards against the rewrite doing worse
 * than the rules it replaces on files neither has seen. Do not tune on this corpus in the same
 * round; once a round has tuned on it, move it to mapping-regression-blind.test.ts and write a
 * fresh held-out set for the next round, measured before any change (docs/mapping-corpora.md).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { corpusProblems, pct, ratio, scoreCorpus } from './support/export-corpus.ts';

const CORPUS = 'exports-blind8';
const MEASURED_BEFORE_THE_CHANGE = { fields: 0.86, rows: 0.93, fixtures: 12 };

describe('mapping held-out (not tuned on): blind8, the set for the rules-as-data round', () => {
  test('blind8 (Apollo, ZoomInfo, Sales Navigator, Dynamics leads, Freshsales, monday, Airtable, Job Site / Land Line, German, Mexican, TSV, report with notes): no worse than measured before the change, LLM off', async () => {
    assert.deepEqual(corpusProblems(CORPUS), [], 'the corpus is well-formed');
    const score = await scoreCorpus(CORPUS, 'blind8');
    for (const line of score.lines) console.log(line);
    assert.equal(score.fixtures, MEASURED_BEFORE_THE_CHANGE.fixtures, 'the held-out set has the shapes it was measured with');
    assert.ok(ratio(score.fields) >= MEASURED_BEFORE_THE_CHANGE.fields, `blind8 mapping accuracy ${pct(score.fields)} is below the 86% measured before the change`);
    assert.ok(score.rows && ratio(score.rows) >= MEASURED_BEFORE_THE_CHANGE.rows, `blind8 row match accuracy ${score.rows && pct(score.rows)} is below the 93% measured before the change`);
  });
});
