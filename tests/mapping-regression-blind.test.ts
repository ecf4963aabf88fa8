/**
 * Regression tests (tuned on). Each corpus in tests/fixtures/exports-blind … exports-blind7 was
 * written blind (by an engineer who had read neither the mapping heuristics nor the other
 * corpora, with its own synthetic directory and an independent matcher that checked every
 * planned row outcome; see each folder's generate.ts or cases and notes) and measured once
 * before any change; the figure it had then is in the closing note of the session that added
 * it. Rules were then added until each reached 95%, so these corpora have been tuned on: they
 * guard against regressions and no longer measure how the rules do on files they have not seen.
 * The held-out set of the current round is in mapping-held-out.test.ts (docs/mapping-corpora.md).
 * Scored on field decisions and on whether each row matches its directory as it should.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { corpusProblems, pct, ratio, scoreCorpus } from './support/export-corpus.ts';

const CORPORA: Array<{ corpus: string; label: string; minFixtures: number; about: string }> = [
  { corpus: 'exports-blind', label: 'blind', minFixtures: 18, about: 'CRMs, scraped lists, registries, utilities, encodings' },
  { corpus: 'exports-blind2', label: 'blind2', minFixtures: 20, about: 'CRM, contact-app, accounting and utility dialects' },
  { corpus: 'exports-blind3', label: 'blind3', minFixtures: 16, about: 'Sugar, Insightly, Nutshell, Sage Intacct, Spanish Excel, utilities' },
  { corpus: 'exports-blind4', label: 'blind4', minFixtures: 16, about: 'CRM and utility families: Salesforce … Xero, four utility dialects, French Excel' },
  { corpus: 'exports-blind5', label: 'blind5', minFixtures: 14, about: 'Pipedrive deals, Bill.com, Shopify, German/Italian Excel, telecom' },
  { corpus: 'exports-blind6', label: 'blind6', minFixtures: 12, about: 'the most common shapes, awkward cases woven in' },
  { corpus: 'exports-blind7', label: 'blind7', minFixtures: 10, about: 'five utility dialects, Dutch/Portuguese Excel, GoldMine, Salesforce custom fields, Sage 300' },
];

describe('mapping regression (tuned on): the blind corpora of earlier rounds', () => {
  for (const { corpus, label, minFixtures, about } of CORPORA) {
    test(`${label} (${about}): at least 95% of field decisions and of row outcomes right with the LLM off`, async () => {
      assert.deepEqual(corpusProblems(corpus), [], 'the corpus is well-formed');
      const score = await scoreCorpus(corpus, label);
      for (const line of score.lines) console.log(line);
      assert.ok(score.fixtures >= minFixtures, `expected at least ${minFixtures} ${label} fixtures, found ${score.fixtures}`);
      assert.ok(ratio(score.fields) >= 0.95, `${label} mapping accuracy ${pct(score.fields)} is below 95%`);
      assert.ok(score.rows && ratio(score.rows) >= 0.95, `${label} row match accuracy ${score.rows && pct(score.rows)} is below 95%`);
    });
  }
});
