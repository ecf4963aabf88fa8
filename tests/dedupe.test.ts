import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { getBalanceMicro, ledgerSumMicro, usdToMicro } from '@bej/db';
import { readCsv } from './support/read-csv.ts';
import { repoRoot, startTestStack, type TestStack } from './support/test-stack.ts';
import type { RowEvent, RowSummary } from './support/api-types.ts';

const LEADS = readFileSync(`${repoRoot}examples/leads.csv`);
const MATCHED = 29;
const EMPTY = 9;

let stack: TestStack;
before(async () => {
  stack = await startTestStack({ WORKER_CONCURRENCY: '8', BATCH_ENRICH_MIN_BALANCE_USD: '1', BATCH_ENRICH_ROW_PRICE_USD: '0.25' });
});
after(async () => {
  await stack?.close();
});

async function enrich(token: string, fields: Record<string, string> = {}) {
  const { api } = stack;
  const job = (await api.upload(LEADS, { bearer: token, fields })).body;
  const quote = (await api.request('GET', `/api/v1/batch/enrich/${job.id}/quote`, { bearer: token })).body;
  const started = await api.request('POST', `/api/v1/batch/enrich/${job.id}/start`, { bearer: token });
  assert.equal(started.status, 202, started.text);
  const done = await api.waitForBatch(job.id, token, (j) => j.status === 'completed');
  const csv = await api.request('GET', `/api/v1/batch/enrich/${job.id}/download.csv`, { bearer: token });
  const [header, ...rows] = readCsv(csv.text);
  const reusedCol = header!.indexOf('enrich_reused');
  const reused = rows.map((row) => row[reusedCol]!);
  return { job: done, quote, header: header!, reusedCol, reused };
}

test('re-uploading the same leads reuses matched results at no charge; empty rows are hunted again, free as before', async () => {
  const { api, database } = stack;
  const agent = await api.mintAgent();
  await api.credit(agent.agent_id, 20);

  const first = await enrich(agent.token);
  assert.equal(first.job.spent_usd, MATCHED * 0.25);
  assert.equal(first.reusedCol, first.header.length - 1);
  assert.ok(first.reused.every((cell) => cell === 'false'));
  assert.equal(first.quote.reusable_rows, 0);

  const second = await enrich(agent.token);
  assert.equal(second.quote.reusable_rows, MATCHED, 'the quote already knows what will be reused');
  assert.equal(second.quote.max_cost_usd, EMPTY * 0.25, 'only the rows that found nothing last time could still cost');
  assert.equal(second.job.spent_usd, 0, 'nothing is charged twice');
  assert.equal(second.job.counts.matched, MATCHED);
  assert.equal(second.job.counts.done, MATCHED + EMPTY, 'enrich_status stays done');
  assert.equal(second.reused.filter((cell) => cell === 'true').length, MATCHED);
  const rows = await api.request('GET', `/api/v1/batch/enrich/${second.job.id}/rows?limit=100`, { bearer: agent.token });
  assert.equal(rows.status, 200, rows.text);
  assert.equal(rows.body.rows.filter((r: RowSummary & { reused: boolean }) => r.reused).length, MATCHED, 'the row list marks reused rows');
  const reusedRow = rows.body.rows.find((r: RowSummary & { reused: boolean }) => r.reused);
  const detail = await api.request('GET', `/api/v1/batch/enrich/${second.job.id}/rows/${reusedRow.row_index}`, { bearer: agent.token });
  assert.equal(detail.body.reused, true);
  assert.ok(detail.body.events.some((e: RowEvent) => e.type === 'reused'), 'the row page says where the result came from');
  const balance = await getBalanceMicro(database.db, agent.agent_id);
  assert.equal(balance, usdToMicro(20) - usdToMicro(MATCHED * 0.25));
  assert.equal(await ledgerSumMicro(database.db, agent.agent_id), balance);

  // The reused row carries the earlier hunt's graph; its contacts/phones come through in the download.
  const firstCsv = await api.request('GET', `/api/v1/batch/enrich/${first.job.id}/download.csv`, { bearer: agent.token });
  const secondCsv = await api.request('GET', `/api/v1/batch/enrich/${second.job.id}/download.csv`, { bearer: agent.token });
  // Without row_index,enrich_status,enrich_matched,enrich_spent_usd and enrich_reused: the graphs and inputs.
  const graphs = (text: string) => readCsv(text).map((row) => JSON.stringify(row.slice(4, -1)));
  const same = graphs(secondCsv.text).filter((line, i) => line === graphs(firstCsv.text)[i]).length;
  assert.equal(same, first.reused.length + 1, 'same graphs, same inputs, row for row');
  const spentCells = readCsv(secondCsv.text).slice(1).map((row) => row[3]);
  assert.ok(spentCells.every((cell) => cell === '0'), 'a reused row cost nothing');

  const third = await enrich(agent.token, { dedupe: 'false' });
  assert.equal(third.job.spent_usd, MATCHED * 0.25, 'dedupe=false hunts and pays again');
  assert.ok(third.reused.every((cell) => cell === 'false'));
});

test('results are never reused across agents', async () => {
  const { api } = stack;
  const first = await api.mintAgent();
  await api.credit(first.agent_id, 20);
  await enrich(first.token);
  const other = await api.mintAgent();
  await api.credit(other.agent_id, 20);
  const theirs = await enrich(other.token);
  assert.equal(theirs.quote.reusable_rows, 0);
  assert.equal(theirs.job.spent_usd, MATCHED * 0.25);
  assert.ok(theirs.reused.every((cell) => cell === 'false'));
});
