import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { configurationProblems } from './support/configuration-table.ts';
import { repoRoot } from './support/test-stack.ts';

const readme = readFileSync(`${repoRoot}README.md`, 'utf8');

test('README Configuration table and the env schemas name the same variables with the same defaults', () => {
  const problems = configurationProblems(readme);
  assert.deepEqual(problems, [], `README Configuration table and env schemas differ:\n  - ${problems.join('\n  - ')}`);
});

test('the check names the variable and the place for each kind of difference', () => {
  const mutated = readme
    .replace(/^\| `WORKER_CONCURRENCY` .*\n/m, '')
    .replace('`QUEUE_PREFIX` [`bej`]', '`QUEUE_PREFIX` [`bej2`]')
    .replace(/^(## Configuration[\s\S]*?\|---\|---\|\n)/m, '$1| `NOT_A_REAL_SETTING` [`1`] | nothing |\n');
  // Only what the mutation adds (the test above reports the README's own problems).
  const withoutLines = (problem: string) => problem.replace(/line \d+/g, 'line N');
  const baseline = new Set(configurationProblems(readme).map(withoutLines));
  const problems = configurationProblems(mutated).filter((p) => !baseline.has(withoutLines(p)));
  assert.ok(problems.some((p) => p.startsWith('`WORKER_CONCURRENCY` is declared in services/enrich-worker/src/env.ts but has no row')), problems.join('\n'));
  assert.ok(problems.some((p) => /`QUEUE_PREFIX` shows default `bej2`, but packages\/config\/src\/env.ts defaults to `bej`/.test(p)), problems.join('\n'));
  assert.ok(problems.some((p) => /documents `NOT_A_REAL_SETTING`, but no env schema declares it/.test(p)), problems.join('\n'));
  assert.equal(problems.length, 3, problems.join('\n'));
});
