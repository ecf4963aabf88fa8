import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PRIORITY_LIMIT } from 'bullmq';
import { MAX_ROW_PRIORITY, rowPriority } from './row-priority.ts';

test('a row rank is its priority, from 1, capped at BullMQ\'s limit', () => {
  assert.equal(MAX_ROW_PRIORITY, PRIORITY_LIMIT);
  assert.equal(rowPriority(1), 1);
  assert.equal(rowPriority(2), 2);
  assert.equal(rowPriority(0), 1, 'never 0: BullMQ serves unprioritized jobs before every prioritized one');
  assert.equal(rowPriority(10_000_000), PRIORITY_LIMIT);
});
