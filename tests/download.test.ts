import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { readCsv } from './support/read-csv.ts';
import { startTestStack, type TestStack } from './support/test-stack.ts';

let stack: TestStack;
before(async () => {
  stack = await startTestStack();
});
after(async () => {
  await stack?.close();
});

test('download.csv neutralises formulas, keeps numbers and E.164 phones, and follows file order', async () => {
  const { api } = stack;
  const agent = await api.mintAgent();
  await api.credit(agent.agent_id, 10);
  const file = [
    'Company,Address,City,State,Zip,Phone,Contact',
    '"=HYPERLINK(""http://evil.example"",""click"")",1 Main St,Erie,PA,16501,,@SUM(A1)',
    'Haney Furniture Co,100 Main St,Pittsburgh,PA,15213,,+cmd|calc',
    '-2+3 Holdings,5 Oak Ave,Erie,PA,16501,,"Smith, Jo"',
  ].join('\r\n');
  const job = (await api.upload(file, { bearer: agent.token, fields: { auto_start: 'true' } })).body;
  const done = await api.waitForBatch(job.id, agent.token, (j) => j.status === 'completed');
  assert.notEqual(done.updated_at, job.updated_at, 'updated_at moves as rows finish');
  const res = await api.request('GET', `/api/v1/batch/enrich/${job.id}/download.csv`, { bearer: agent.token });
  assert.match(res.headers.get('content-disposition') ?? '', /attachment; filename=".+\.csv"/);
  const [header, ...rows] = readCsv(res.text);
  const col = (name: string) => header!.indexOf(name);
  assert.deepEqual(rows.map((r) => r[0]), ['0', '1', '2']);
  assert.equal(rows[0]![col('input.company')], `'=HYPERLINK("http://evil.example","click")`);
  assert.equal(rows[0]![col('input.dm_name')], `'@SUM(A1)`);
  assert.equal(rows[1]![col('input.dm_name')], `'+cmd|calc`);
  assert.equal(rows[2]![col('input.company')], `'-2+3 Holdings`);
  assert.equal(rows[2]![col('input.dm_name')], 'Smith, Jo');
  assert.equal(rows[1]![col('enrich_matched')], 'true');
  assert.equal(rows[1]![col('enrich_spent_usd')], '0.25');
  assert.equal(rows[1]![col('phones.0.e164')], '+14125550101', 'E.164 phones are not neutralised');
  assert.match(rows[1]![col('confidence')]!, /^0\.\d+$/, 'plain numbers stay numbers');
  assert.equal(rows[0]![col('enrich_matched')], 'false');
  assert.equal(rows[0]![col('enrich_spent_usd')], '0');
});
