/**
 * Regression test (tuned on): tests/fixtures/exports is the corpus the first mapping heuristics
 * were written against, and every later round of heuristic work has seen it. Its figures guard
 * against regressions; they say nothing about files the rules have not seen (that is the
 * held-out set's job, see docs/mapping-corpora.md).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { validateColumnMapping } from '@bej/leads';
import { mapWithoutLlm, scoreMapping } from './support/export-corpus.ts';
import { loadExportFixtures } from './fixtures/exports/load-fixtures.ts';
import type { SearchVariantColumn } from '../packages/leads/src/types.ts';

const fixtures = await loadExportFixtures();
const byName = new Map(fixtures.map((f) => [f.name, f]));

/** The variants' address sets as groups of headers, whatever each set is named. */
function addressSets(variants: SearchVariantColumn[]): string[] {
  const sets = new Map<string, string[]>();
  for (const v of variants) if (v.set !== undefined) sets.set(v.set, [...(sets.get(v.set) ?? []), v.header]);
  return [...sets.values()].map((headers) => headers.sort().join(' + ')).sort();
}

describe('mapping regression (tuned on): tests/fixtures/exports', () => {
  test('the no-LLM pipeline maps at least 95% of expected fields and variants', () => {
    assert.ok(fixtures.length >= 22, `expected at least 22 fixtures, found ${fixtures.length}`);
    let correct = 0;
    let total = 0;
    const misses: string[] = [];
    for (const fixture of fixtures) {
      const mapping = mapWithoutLlm(fixture.headers, fixture.rows);
      const score = scoreMapping(fixture.expected, mapping);
      correct += score.correct;
      total += score.total;
      for (const miss of score.misses) misses.push(`${fixture.name}: ${miss}`);
    }
    console.log(`mapping accuracy: ${correct}/${total} fields (${((100 * correct) / total).toFixed(1)}%)`);
    for (const miss of misses) console.log(`  miss ${miss}`);
    assert.ok(correct / total >= 0.95, `accuracy ${correct}/${total} below 95%`);
  });

  test('every produced mapping is valid against its own headers', () => {
    for (const fixture of fixtures) {
      const mapping = mapWithoutLlm(fixture.headers, fixture.rows);
      assert.ok(mapping, `${fixture.name} is not mappable`);
      assert.deepEqual(validateColumnMapping(fixture.headers, mapping), { ok: true }, fixture.name);
    }
  });

  for (const name of ['utility-billing-extract', 'outlook-contacts', 'water-utility-zip4', 'blank-header-cells', 'xero-contacts', 'duplicated-headers']) {
    test(`${name} maps exactly`, () => {
      const fixture = byName.get(name);
      assert.ok(fixture, `fixture ${name} missing`);
      const mapping = mapWithoutLlm(fixture.headers, fixture.rows);
      assert.deepEqual(mapping?.columns, fixture.expected.columns);
      const sorted = (list: SearchVariantColumn[]) => list.map((v) => `${v.header} as ${v.kind}`).sort();
      assert.deepEqual(sorted(mapping?.search_variants ?? []), sorted(fixture.expected.search_variants));
      // Which address variants go together (the set ids' names are the mapping's to choose).
      assert.deepEqual(addressSets(mapping?.search_variants ?? []), addressSets(fixture.expected.search_variants), `${name}: address sets`);
    });
  }

  test('single-address fixture puts the one-cell address in street and leads chat titles with the company', () => {
    const fixture = byName.get('single-address-column');
    assert.ok(fixture);
    const mapping = mapWithoutLlm(fixture.headers, fixture.rows);
    assert.equal(mapping?.columns.street, 'Address');
    assert.deepEqual(mapping?.chat_label, { primary_column: 'Name', location_columns: [] });
  });
});
