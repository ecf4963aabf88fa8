/**
 * One test per header rule and per value rule, generated from the rule's own `examples`: each
 * example must be decided by that rule (not merely given the same role by another one).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { classifyByValues, VALUE_RULES, winningValueRule } from './classify-by-values.ts';
import { applyRules, classifyColumn, columnContext, matchingRules, QUALIFIER_RULES, qualifierOf } from './classify-column.ts';
import { tokenizeHeader } from './header-tokens.ts';
import { COLUMN_RULES } from './column-rules.ts';
import { CONTEXT_RULES } from './column-context.ts';
import { classifyFile, heuristicMapping } from './heuristic.ts';
import { profileColumn } from './value-shapes.ts';

describe('header rules (column-rules.ts), each from its own examples', () => {
  for (const rule of COLUMN_RULES) {
    test(`${rule.id} (priority ${rule.priority})`, () => {
      assert.ok(rule.examples.length > 0, `${rule.id} has no example`);
      for (const example of rule.examples) {
        const values = example.values ?? [];
        const ctx = columnContext(example.header, 0, values);
        const verdict = applyRules(ctx);
        const holding = matchingRules(ctx).map((r) => r.id).join(', ') || 'none';
        assert.equal(verdict.kind, 'decided', `"${example.header}": ${verdict.kind} (rules holding: ${holding})`);
        if (verdict.kind !== 'decided') continue;
        assert.equal(verdict.rule.id, rule.id, `"${example.header}" is decided by ${verdict.rule.id}, not ${rule.id} (rules holding: ${holding})`);
        const column = classifyColumn(example.header, 0, values);
        assert.equal(column.role, example.role, `"${example.header}"`);
        assert.equal(column.role, rule.role, `${rule.id} gives the role it declares`);
        assert.equal(column.rule, rule.id);
        assert.ok(column.reason.startsWith(`rule ${rule.id}`), column.reason);
        for (const value of values) assert.ok(value === '' || !column.reason.includes(value), `reason of "${example.header}" carries a cell value`);
      }
    });
  }
});

describe('value rules (classify-by-values.ts), each from its own examples', () => {
  for (const rule of VALUE_RULES) {
    test(`${rule.id} (priority ${rule.priority})`, () => {
      assert.ok(rule.examples.length > 0, `${rule.id} has no example`);
      for (const example of rule.examples) {
        const profile = profileColumn(example.values);
        assert.equal(winningValueRule(profile)?.id, rule.id, JSON.stringify(example.values.length));
        const column = classifyByValues('Misc', 0, profile);
        assert.equal(column.role, example.role);
        assert.equal(column.rule, rule.id);
        for (const value of example.values) assert.ok(value === '' || !column.reason.includes(value), 'reason carries a cell value');
      }
    });
  }
});

test('rule ids and priorities are unique, so the winner never depends on table order', () => {
  for (const rules of [COLUMN_RULES, VALUE_RULES] as Array<Array<{ id: string; priority: number }>>) {
    const ids = rules.map((r) => r.id);
    const priorities = rules.map((r) => r.priority);
    assert.deepEqual(ids.filter((id, i) => ids.indexOf(id) !== i), [], 'duplicate rule ids');
    assert.deepEqual(priorities.filter((p, i) => priorities.indexOf(p) !== i), [], 'duplicate priorities');
  }
});

test('ignore rules say why; other rules report the value shape they check', () => {
  for (const rule of COLUMN_RULES) {
    if (rule.role === 'ignore') assert.ok(rule.why, `${rule.id} has no why`);
    else assert.ok(rule.evidence, `${rule.id} reports no evidence`);
  }
});

test('a header no rule reads goes to the values, and its reason says so', () => {
  const column = classifyColumn('Misc', 0, ['410 Foundry Rd', '77 Lake St']);
  assert.equal(column.role, 'street');
  assert.equal(column.rule, 'values.street');
  assert.match(column.reason, /^no header rule for tokens misc; rule values\.street/);
});

test('a header the values contradict is overruled, and its reason names the rule', () => {
  const column = classifyColumn('Zip', 0, ['Akron', 'Duluth', 'Boise']);
  assert.equal(column.role, 'ignore');
  assert.match(column.reason, /^rule address\.zip overruled by the values/);
});

test('every field reason of a heuristic mapping names the rule that decided it, and no cell value', () => {
  const ids = new Set([...COLUMN_RULES.map((r) => r.id), ...VALUE_RULES.map((r) => r.id)]);
  const headers = ['Account #', 'Customer Name', 'Job Site Address', 'Job Site City', 'Job Site State', 'Job Site Zip', 'Land Line', 'Cell', 'Contact'];
  const row = ['A-1001', 'Kestrel Tool & Die', '410 Foundry Rd', 'Akron', 'OH', '44308', '330-555-0110', '330-555-0112', 'Gary Plummer'];
  const mapping = heuristicMapping(headers, [row]);
  assert.ok(mapping);
  assert.deepEqual(Object.keys(mapping.fields).sort(), ['city', 'company', 'contact_id', 'dm_name', 'number1', 'number2', 'state', 'street', 'zip']);
  for (const [field, decision] of Object.entries(mapping.fields)) {
    const named = [...(decision?.reason ?? '').matchAll(/rule ([a-z0-9.-]+)/g)].map((m) => m[1] ?? '');
    assert.ok(named.length > 0 && named.every((id) => ids.has(id)), `${field}: ${decision?.reason}`);
    for (const cell of row) assert.ok(!(decision?.reason ?? '').includes(cell), `${field} reason carries a cell value`);
  }
  assert.match(mapping.fields.number1?.reason ?? '', /^rule phone\.main:/);
  assert.match(mapping.fields.zip?.reason ?? '', /^rule address\.zip:/);
});

describe('address-set qualifiers (QUALIFIER_RULES), each from its own examples', () => {
  for (const rule of QUALIFIER_RULES) {
    test(`${rule.qualifier} (priority ${rule.priority})`, () => {
      for (const header of rule.examples) {
        const concepts = new Set(tokenizeHeader(header).concepts);
        assert.equal(qualifierOf(concepts), rule.qualifier, header);
        const winner = [...QUALIFIER_RULES].filter((r) => r.when(concepts)).sort((a, b) => b.priority - a.priority)[0];
        assert.equal(winner, rule, `${header} is qualified by another entry`);
      }
    });
  }
  test('a header with no qualifier word is unqualified', () => assert.equal(qualifierOf(new Set(tokenizeHeader('Street').concepts)), 'none'));
});

describe('file-level rules (CONTEXT_RULES in column-context.ts), each from its own examples', () => {
  for (const rule of CONTEXT_RULES) {
    test(rule.id, () => {
      assert.ok(rule.examples.length > 0, `${rule.id} has no example`);
      for (const example of rule.examples) {
        const column = classifyFile(example.headers, example.rows).find((c) => c.header === example.header);
        assert.equal(column?.rule, rule.id, `${example.header}: ${column?.reason}`);
        assert.equal(column?.role, example.role);
        for (const value of example.rows.flat()) assert.ok(!(column?.reason ?? '').includes(value), 'reason carries a cell value');
      }
    });
  }
});
