/**
 * Fifth held-out measurement of the no-LLM mapping: 15 export shapes (Salesforce leads, HubSpot
 * deals with custom properties, Zoho contacts, Pipedrive deals, a Thunderbird address book,
 * Bill.com, Square and Shopify B2B customer lists, electric/water/gas/telecom billing extracts in
 * their own UPPER_SNAKE dialects, German and Italian Excel semicolon files and a Sage 100 "Unicode
 * text" file) written from the CONTRACT only, without looking at the mapping heuristics or the other
 * corpora (tests/fixtures/exports-blind5, built by its generate.ts). Scored on field decisions and
 * on whether each row matches the blind5 reference directory as planned; the figures are printed
 * (tests/support/export-corpus.ts lists every miss). No accuracy threshold is asserted yet.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scoreCorpus } from './support/export-corpus.ts';

test('blind5 export shapes: mapping and row-match accuracy with the LLM off (measured, printed)', async () => {
  const score = await scoreCorpus('exports-blind5', 'blind5');
  for (const line of score.lines) console.log(line);
  assert.ok(score.fixtures >= 14, `expected at least 14 blind5 fixtures, found ${score.fixtures}`);
});
