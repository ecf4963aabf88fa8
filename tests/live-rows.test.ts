import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { EnrichProvider } from '../services/enrich-worker/src/providers/provider.ts';
import { openSse } from './support/sse-client.ts';
import { startTestStack, type TestStack } from './support/test-stack.ts';
import type { RowEvent } from './support/api-types.ts';

let release!: () => void;
const gate = new Promise<void>((resolve) => {
  release = resolve;
});
/** Shows progress, then holds the hunt until the test lets it finish. */
const gated: EnrichProvider = {
  name: 'gated',
  async hunt(request) {
    request.onEvent?.({ type: 'pass_started', message: 'Primary pass with company' });
    request.onEvent?.({ type: 'tool_progress', message: 'waiting for the vendor' });
    await gate;
    return {
      matched: true,
      pass: 'primary',
      graph: { contacts: [{ display_name: 'Pat Doe', title: null, phones: [], emails: [] }], phones: [], emails: [], entities: [], confidence: 0.9, summary_markdown: null, tool_trace: [{ step: 'secret' }] },
    };
  },
};

let stack: TestStack;
before(async () => {
  // The periodic re-read is off (10 min): job events here can only come from the worker's messages.
  stack = await startTestStack({ WORKER_CONCURRENCY: '2', LIVE_JOB_REFRESH_MS: '600000' }, { provider: gated });
});
after(async () => {
  release();
  await stack?.close();
});

test('a running row shows its hunt so far; job events follow the worker (running, completed) without polling', async () => {
  const { api, base } = stack;
  const agent = await api.mintAgent();
  await api.credit(agent.agent_id, 20);
  const job = (await api.upload('Company,City,State\nPat Doe Plumbing,Erie,PA\n', { bearer: agent.token })).body;
  const stream = await openSse(`${base}/api/v1/batch/enrich/${job.id}/events`, { authorization: `Bearer ${agent.token}` });
  await stream.waitFor((f) => f.some((x) => x.event === 'job'));
  await api.request('POST', `/api/v1/batch/enrich/${job.id}/start`, { bearer: agent.token });
  await stream.waitFor((f) => f.some((x) => x.event === 'row' && x.data.type === 'tool_progress'));
  await stream.waitFor((f) => f.some((x) => x.event === 'job' && x.data.counts.running === 1));

  const running = (await api.request('GET', `/api/v1/batch/enrich/${job.id}/rows/0`, { bearer: agent.token })).body;
  assert.equal(running.status, 'running');
  assert.deepEqual(running.events.map((e: RowEvent) => e.type), ['row_started', 'pass_started', 'tool_progress']);

  release();
  await stream.waitFor((f) => f.some((x) => x.event === 'job' && x.data.status === 'completed'));
  const done = (await api.request('GET', `/api/v1/batch/enrich/${job.id}/rows/0`, { bearer: agent.token })).body;
  assert.equal(done.status, 'done');
  assert.deepEqual(done.events.map((e: RowEvent) => e.type), ['row_started', 'pass_started', 'tool_progress', 'row_done']);
  assert.equal(done.result.contacts[0].display_name, 'Pat Doe');
  assert.ok(!('tool_trace' in done.result));
  const rowFrames = stream.frames.filter((f) => f.event === 'row');
  assert.equal(rowFrames.at(-1)!.data.type, 'row_done');
  stream.close();
});
