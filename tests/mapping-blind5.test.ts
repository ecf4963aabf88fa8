/**
 * Fifth held-out measurement of the no-LLM mapping: 15 export shapes (Salesforce leads, HubSpot
 * deals with custom properties, Zoho contacts, Pipedrive deals, a Thunderbird address book,
 * Bill.com, Square and Shopify B2B customer lists, electric/water/gas/telecom billing extracts in
 * their own UPPER_SNAKE dialects, German and Italian Excel semicolon files and a Sage 100 "Unicode
 * text" file) written from the CONTRACT only, without looking at the mapping heuristics or the other
 * corpora (tests/fixtures/exports-blind5, built by its generate.ts), scored on field decisions and on
 * whether each row matches the blind5 reference directory as it should (tests/support/export-corpus.ts,
 * which prints every miss). Every fixture must load and parse, and both figures must reach 95%, as
 * for the earlier corpora.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { readCsvUpload } from '@bej/csv';
import type { ExpectedMapping } from './support/export-corpus.ts';
import { pct, ratio, scoreCorpus } from './support/export-corpus.ts';

const ROOT = new URL('./fixtures/exports-blind5/', import.meta.url).pathname;

const asList = (value: string | string[] | undefined) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** Every header the expectation names exists, and expected-rows.json lists every parsed row. */
function assertFixturesLoad(): number {
  const names = readdirSync(ROOT).filter((name) => statSync(join(ROOT, name)).isDirectory()).sort();
  for (const name of names) {
    const { headers, rows } = readCsvUpload(readFileSync(join(ROOT, name, 'input.csv'))).parsed;
    const expected = JSON.parse(readFileSync(join(ROOT, name, 'expected.json'), 'utf8')) as ExpectedMapping;
    const named = [...Object.values(expected.columns).flatMap((h) => asList(h)), ...expected.search_variants.map((v) => v.header)];
    for (const header of named) assert.ok(headers.includes(header), `${name}: expected header ${JSON.stringify(header)} not among parsed headers ${JSON.stringify(headers)}`);
    const listed = Object.values(JSON.parse(readFileSync(join(ROOT, name, 'expected-rows.json'), 'utf8')) as Record<string, number[]>).reduce((n, indexes) => n + indexes.length, 0);
    assert.equal(rows.length, listed, `${name}: parsed ${rows.length} rows, expected-rows.json lists ${listed}`);
  }
  return names.length;
}

test('blind5 export shapes: at least 95% of field decisions and of row outcomes right with the LLM off', async () => {
  const fixtures = assertFixturesLoad();
  assert.ok(fixtures >= 14, `expected at least 14 blind5 fixtures, found ${fixtures}`);
  const score = await scoreCorpus('exports-blind5', 'blind5');
  for (const line of score.lines) console.log(line);
  assert.ok(ratio(score.fields) >= 0.95, `blind5 mapping accuracy ${pct(score.fields)} is below 95%`);
  assert.ok(score.rows && ratio(score.rows) >= 0.95, `blind5 row match accuracy ${score.rows && pct(score.rows)} is below 95%`);
});
