import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startFakeOpenAI, type FakeOpenAI } from '../../services/mapper/src/test-support/fake-openai.ts';
import { fakeHuntModel } from '../../services/enrich-worker/src/test-support/fake-hunt-model.ts';
import { loadWebRecords, startFakeWeb, type FakeWeb } from '../../services/enrich-worker/src/test-support/fake-web.ts';
import { startTestStack, type TestStack } from '../support/test-stack.ts';
import { capturedLogs, dumpRedis, findLeaks } from './leak-support.ts';

// Letters that never occur in hex, so no id, digest or UUID can contain a needle by chance.
const token = () => `q${Array.from({ length: 9 }, () => 'ghjkmnpqrstvwxz'[randomInt(15)]).join('')}`;

const rows = Array.from({ length: 3 }, () => ({ company: `Ravenglass ${token()} Supply LLC`, street: `${randomInt(100, 999)} ${token()} Street`, city: `${token()}burg`, zip: `15${randomInt(100, 999)}` }));
// The web knows the first lead: its page is what the model reads and reports.
const contact = `Wilhelmina ${token()} Ravenglass`;
const page = {
  company: rows[0]!.company,
  street: rows[0]!.street,
  city: rows[0]!.city,
  state: 'PA',
  zip: rows[0]!.zip,
  phones: [{ number: '412-555-0177', type: 'main' }],
  contacts: [{ display_name: contact, title: 'Owner', phones: [], emails: [] }],
};

let model: FakeOpenAI;
let web: FakeWeb;
let stack: TestStack;
let dir: string;
const logs = capturedLogs();

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bej-leak-hunts-'));
  await writeFile(join(dir, 'web.jsonl'), `${JSON.stringify(page)}\n`);
  model = await startFakeOpenAI({ fallback: fakeHuntModel });
  web = await startFakeWeb(loadWebRecords(join(dir, 'web.jsonl')));
  stack = await startTestStack(
    {
      LOG_LEVEL: 'debug',
      ENRICH_PROVIDER: 'openrouter',
      OPENROUTER_API_KEY: `sk-${token()}`,
      OPENROUTER_BASE_URL: model.baseURL,
      ENRICH_HUNT_MODEL: 'test/hunter',
      ENRICH_SEARCH_URL: web.baseUrl,
      ENRICH_FETCH_ALLOW_PRIVATE: '1',
      // The trail's grace for reconnecting streams, short here so the test sees it end.
      LIVE_TRAIL_GRACE_S: '1',
    },
    { logger: logs.factory },
  );
});
after(async () => {
  await stack?.close();
  await model?.close();
  await web?.close();
  await rm(dir, { recursive: true, force: true });
});

test('an LLM hunt with web search leaves no lead value in Redis or the logs once its batch completes', async () => {
  const { api } = stack;
  const agent = await api.mintAgent();
  await api.credit(agent.agent_id, 20);
  const csv = ['Company,Address,City,State,Zip', ...rows.map((r) => `${r.company},${r.street},${r.city},PA,${r.zip}`)].join('\n');
  const job = (await api.upload(csv, { bearer: agent.token, fields: { auto_start: 'true' } })).body;
  const done = await api.waitForBatch(job.id, agent.token, (j) => j.status === 'completed', 60_000);
  assert.equal(done.counts.matched, 1, JSON.stringify(done.counts));
  // The hunt really searched with the lead's values and reported the page's contact.
  assert.ok(model.requests.some((r) => JSON.stringify(r.body).includes(rows[0]!.company)));
  const detail = await api.request('GET', `/api/v1/batch/enrich/${job.id}/rows/0`, { bearer: agent.token });
  assert.ok(JSON.stringify(detail.body).includes(contact), 'the row page (PostgreSQL) keeps the hunt and its result');

  const needles: Record<string, string> = { agent_token: agent.token, contact };
  rows.forEach((r, i) => Object.assign(needles, { [`row ${i} company`]: r.company, [`row ${i} street`]: r.street, [`row ${i} city`]: r.city }));
  // Completion is told to billing, which ends the job's live trail after its grace; then nothing may be left.
  const deadline = Date.now() + 15_000;
  let leaks = findLeaks(needles, await dumpRedis(stack));
  while (leaks.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    leaks = findLeaks(needles, await dumpRedis(stack));
  }
  assert.deepEqual(leaks, [], 'Redis after the batch completed');
  const lines = logs.lines();
  assert.ok(lines.some((l) => l.includes('"job completed"')));
  assert.deepEqual(findLeaks(needles, new Map(lines.map((line, i) => [`log line ${i}: ${line}`, line]))), [], 'logs');
});
