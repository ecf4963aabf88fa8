import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jsonFromText, parseGraphAnswer } from './graph-answer.ts';

test('not a graph at all is refused; an empty graph is a valid "nothing found"', () => {
  for (const raw of [null, undefined, 42, 'text', [], [{ contacts: [] }], { hello: 'world' }]) assert.equal(parseGraphAnswer(raw), null, JSON.stringify(raw));
  const empty = parseGraphAnswer({ contacts: [], phones: [], emails: [], entities: [], confidence: 0.7, summary_markdown: 'nothing' })!;
  assert.equal(empty.matched, false);
  assert.equal(empty.graph.confidence, 0, 'nothing found means no confidence');
  assert.equal(empty.graph.summary_markdown, null);
});

test('wrong shapes inside a graph are dropped with a note, never thrown', () => {
  const answer = parseGraphAnswer({ contacts: 'Dana', phones: { e164: '+14125550100' }, emails: [null, 7, 'a@b.example'], entities: [{ legal_name: '' }], confidence: '0.9' })!;
  assert.deepEqual(answer.graph.emails, [{ address: 'a@b.example', type: null }]);
  assert.deepEqual([answer.graph.contacts, answer.graph.phones, answer.graph.entities], [[], [], []]);
  assert.ok(answer.problems.some((p) => p.startsWith('contacts: not a list')));
  assert.ok(answer.problems.some((p) => p.startsWith('confidence')));
});

test('duplicates merge, phones become E.164, lists are capped', () => {
  const answer = parseGraphAnswer({
    phones: ['(412) 555-0100', '+1 412 555 0100', { number: '412.555.0101', type: 'fax' }],
    emails: ['Info@x.example', 'info@x.example'],
    contacts: Array.from({ length: 80 }, (_, i) => ({ display_name: `P${i}` })),
    confidence: 0.66,
  })!;
  assert.deepEqual(answer.graph.phones, [
    { e164: '+14125550100', type: null },
    { e164: '+14125550101', type: 'fax' },
  ]);
  assert.equal(answer.graph.emails.length, 1);
  assert.equal(answer.graph.contacts.length, 50);
  assert.equal(answer.graph.confidence, 0.66);
});

test('random garbage never throws (deterministic fuzz)', () => {
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const values = (depth: number): unknown => {
    const r = rand();
    if (depth > 3 || r < 0.2) return [null, true, 3.5, -1, '', 'x@y', '+14125550100', NaN][Math.floor(rand() * 8)];
    if (r < 0.6) return Array.from({ length: Math.floor(rand() * 4) }, () => values(depth + 1));
    const keys = ['contacts', 'phones', 'emails', 'entities', 'confidence', 'summary_markdown', 'display_name', 'legal_name', 'e164', 'address'];
    return Object.fromEntries(Array.from({ length: Math.floor(rand() * 6) }, () => [keys[Math.floor(rand() * keys.length)]!, values(depth + 1)]));
  };
  for (let i = 0; i < 2000; i += 1) assert.doesNotThrow(() => parseGraphAnswer(values(0)));
});

test('JSON is found plain, fenced or embedded; prose is not JSON', () => {
  assert.deepEqual(jsonFromText('{"a":1}'), { a: 1 });
  assert.deepEqual(jsonFromText('Here:\n```json\n{"a":2}\n```'), { a: 2 });
  assert.deepEqual(jsonFromText('Result: {"a":3} done'), { a: 3 });
  assert.equal(jsonFromText('no json here'), null);
  assert.equal(jsonFromText(null), null);
});
