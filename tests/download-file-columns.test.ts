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

const FILE = [
  'Company,Address,City,State,Zip,Notes,Notes,,Account #',
  '"Haney Furniture, Co",100 Main St,Pittsburgh,PA,15213,"line one\r\nline two","=1+2",x,@A1',
  'Nobody Anywhere Ltd,1 Elm St,Erie,PA,16501,"say ""hi""",-5,,+14125550101',
  'Short Row Inc,2 Oak Ave,Erie,PA',
  'Wide Row Inc,3 Elm St,Erie,PA,16501,n,n2,x,acct,extra one,=extra()',
].join('\r\n');

test('download.csv ends with every column of the file as file.<header>, in file order, neutralised, row for row', async () => {
  const { api, database } = stack;
  const agent = await api.mintAgent();
  await api.credit(agent.agent_id, 20);
  const job = (await api.upload(FILE, { bearer: agent.token, fields: { auto_start: 'true' } })).body;
  await api.waitForBatch(job.id, agent.token, (j) => j.status === 'completed');
  const { rows: stored } = await database.pool.query('select headers from batch_enrich_job where id = $1', [job.id]);
  const headers: string[] = stored[0].headers;
  assert.equal(headers.length, 9);

  const res = await api.request('GET', `/api/v1/batch/enrich/${job.id}/download.csv`, { bearer: agent.token });
  assert.equal(res.status, 200);
  const [header, ...rows] = readCsv(res.text);
  const firstFile = header!.indexOf('file.Company');
  assert.ok(firstFile > header!.indexOf('input.company'), 'after the graph columns');
  assert.deepEqual(
    header!.slice(firstFile, firstFile + headers.length + 2),
    [...headers.map((h) => `file.${h}`), 'file.column_10', 'file.column_11'],
    'every file column, in file order, right after the graph; cells past the header get column names',
  );
  assert.deepEqual(header!.slice(firstFile + headers.length + 2), ['enrich_reused'], "then dedupe's trailing column");
  assert.ok(header!.includes('file.Notes (2)'), 'a duplicate header keeps its own column');
  const file = (row: string[], name: string) => row[header!.indexOf(`file.${name}`)];
  assert.equal(rows.length, 4);
  assert.equal(file(rows[0]!, 'Company'), 'Haney Furniture, Co');
  assert.equal(file(rows[0]!, 'Notes'), 'line one\r\nline two');
  assert.equal(file(rows[0]!, 'Notes (2)'), "'=1+2", 'a formula-looking cell is neutralised');
  assert.equal(file(rows[0]!, 'Account #'), "'@A1");
  assert.equal(file(rows[1]!, 'Notes'), 'say "hi"');
  assert.equal(file(rows[1]!, 'Notes (2)'), '-5', 'plain numbers stay as they are');
  assert.equal(file(rows[1]!, 'Account #'), '+14125550101', 'E.164 phones stay as they are');
  assert.equal(file(rows[2]!, 'Zip'), '', 'a short row gets empty cells');
  assert.equal(file(rows[2]!, 'Account #'), '');
  assert.equal(rows[0]![header!.indexOf('enrich_matched')], 'true');
  assert.equal(rows[3]![header!.indexOf('enrich_status')], 'invalid', 'a row wider than its header is kept, not enriched');
  assert.deepEqual(rows[3]!.slice(-4, -1), ['acct', 'extra one', "'=extra()"], 'and its extra cells come back too');
  assert.equal(file(rows[0]!, 'column_10'), '');

  const without = await api.request('GET', `/api/v1/batch/enrich/${job.id}/download.csv?file_columns=0`, { bearer: agent.token });
  const plainHeader = readCsv(without.text)[0]!;
  assert.ok(!plainHeader.some((h) => h.startsWith('file.')), '?file_columns=0 leaves them out');
  assert.deepEqual(plainHeader, [...header!.slice(0, firstFile), 'enrich_reused']);
});
