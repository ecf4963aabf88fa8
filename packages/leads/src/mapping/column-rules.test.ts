/**
 * One test per header rule and per value rule, generated from the rule's own `examples`: each
 * example must be decided by that rule (not merely given the same role by another one).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { classifyByValues, VALUE_RULES, winningValueRule } from './classify-by-values.ts';
import { applyRules, classifyColumn, columnContext, matchingRules } from './classify-column.ts';
import { COLUMN_RULES } from './column-rules.ts';
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
