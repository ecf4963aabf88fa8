import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HUNT_ROW_LIST_MAX, HUNT_MESSAGE_MAX, type LiveRowEvent } from '@bej/queue';
import type { HuntEventBus } from './hunt-event-bus.ts';
import { HuntSession } from './hunt-session.ts';

/** The bus in memory, keeping what Redis would: the published order and the running row's list. */
function memoryBus() {
  const published: Array<{ event: LiveRowEvent; final: boolean }> = [];
  const bus: HuntEventBus = {
    publish: async (_jobId, events, final) => void published.push(...events.map((event, i) => ({ event, final: final && i === events.length - 1 }))),
    batchChanged: async () => undefined,
    rowHistory: async () => published.filter((p) => !p.final).map((p) => p.event),
  };
  return { bus, published };
}

test('events go out in order; the final one only when announced, after the row is stored; history includes it', async () => {
  const { bus, published } = memoryBus();
  const session = new HuntSession(bus, 'job', 7);
  session.started(1);
  session.emit({ type: 'pass_started', message: 'Primary pass with company' });
  session.emit({ type: 'tool_progress', message: `web_search: ${'x'.repeat(2000)}` });
  const ending = await session.ending({ type: 'row_done', message: 'Found 1 contact(s)' });
  assert.deepEqual(published.map((p) => p.event.type), ['row_started', 'pass_started', 'tool_progress']);
  assert.ok(published[2]!.event.message.length <= HUNT_MESSAGE_MAX, 'long messages are clipped');
  assert.deepEqual(ending.history.map((e) => e.type), ['row_started', 'pass_started', 'tool_progress', 'row_done']);
  await ending.announce();
  const last = published.at(-1)!;
  assert.deepEqual([last.event.type, last.event.status, last.event.matched, last.final], ['row_done', 'done', true, true]);
  assert.ok(published.every((p) => p.event.row_index === 7));
});

test('a runaway provider cannot flood the channel: events per delivery are bounded and the overflow summarised', async () => {
  const { bus, published } = memoryBus();
  const session = new HuntSession(bus, 'job', 1);
  session.started(1);
  for (let i = 0; i < 1000; i += 1) session.emit({ type: 'search_tail', message: `tail ${i}` });
  const ending = await session.ending({ type: 'row_failed', message: 'Hunt failed' });
  await ending.announce();
  assert.ok(published.length <= HUNT_ROW_LIST_MAX, `${published.length} events published`);
  assert.match(published.at(-2)!.event.message, /further progress event\(s\) not shown/);
  assert.deepEqual([published.at(-1)!.event.status, published.at(-1)!.event.matched], ['failed', null]);
});

test('events of one tick, and those that arrive while a publish is in flight, share one round trip, in order', async () => {
  const calls: Array<{ types: string[]; final: boolean }> = [];
  let release: () => void = () => undefined;
  const bus: HuntEventBus = {
    publish: async (_jobId, events, final) => {
      calls.push({ types: events.map((e) => e.type), final });
      if (calls.length === 1) await new Promise<void>((resolve) => (release = resolve));
    },
    batchChanged: async () => undefined,
    rowHistory: async () => assert.fail('a first attempt never reads the live list back'),
  };
  const session = new HuntSession(bus, 'job', 3);
  session.started(1);
  await new Promise((resolve) => setImmediate(resolve));
  session.emit({ type: 'pass_started', message: 'one' });
  session.emit({ type: 'tool_progress', message: 'two' });
  release();
  const ending = await session.ending({ type: 'row_empty', message: 'Nothing found' });
  await ending.announce();
  assert.deepEqual(calls, [
    { types: ['row_started'], final: false },
    { types: ['pass_started', 'tool_progress'], final: false },
    { types: ['row_empty'], final: true },
  ]);
  assert.deepEqual(ending.history.map((e) => e.type), ['row_started', 'pass_started', 'tool_progress', 'row_empty']);
});

test("a retry's history comes from the live list: earlier attempts' events are kept", async () => {
  const { bus, published } = memoryBus();
  published.push({ event: { row_index: 1, status: 'running', matched: null, type: 'row_started', message: 'Hunt started', at: new Date().toISOString() }, final: false });
  const session = new HuntSession(bus, 'job', 1);
  session.started(2);
  const ending = await session.ending({ type: 'row_done', message: 'Found' });
  assert.deepEqual(ending.history.map((e) => e.message), ['Hunt started', 'Hunt started (attempt 2)', 'Found']);
});
