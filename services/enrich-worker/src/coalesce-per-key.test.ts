import assert from 'node:assert/strict';
import { test } from 'node:test';
import { coalescePerKey } from './coalesce-per-key.ts';

test('calls during a run share one follow-up run, which starts after every one of them was made', async () => {
  const starts: Array<{ key: string; seen: number }> = [];
  let committed = 0;
  const gates: Array<() => void> = [];
  const check = coalescePerKey(async (key) => {
    starts.push({ key, seen: committed });
    await new Promise<void>((resolve) => gates.push(resolve));
  });
  committed = 1;
  const first = check('job-a');
  committed = 2;
  const second = check('job-a');
  committed = 3;
  const third = check('job-a');
  const other = check('job-b');
  assert.equal(second, third, 'the calls made while a run is in flight share its follow-up');
  assert.deepEqual(starts, [
    { key: 'job-a', seen: 1 },
    { key: 'job-b', seen: 3 },
  ]);
  gates.shift()!();
  await first;
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(starts.at(-1), { key: 'job-a', seen: 3 }, 'the follow-up sees the last caller’s write');
  for (const gate of gates.splice(0)) gate();
  await Promise.all([second, third, other]);
  assert.equal(starts.length, 3, 'three calls for job-a cost two runs');
  committed = 4;
  const after = check('job-a');
  assert.deepEqual(starts.at(-1), { key: 'job-a', seen: 4 }, 'with nothing in flight a call runs at once');
  gates.shift()!();
  await after;
});

test('a failed run rejects its callers; the follow-up still runs', async () => {
  let calls = 0;
  const check = coalescePerKey(async () => {
    calls += 1;
    if (calls === 1) throw new Error('database away');
  });
  const first = check('job');
  const second = check('job');
  await assert.rejects(first, /database away/);
  await second;
  assert.equal(calls, 2);
});
