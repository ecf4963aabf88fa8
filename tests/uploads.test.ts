import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { startTestStack, type TestStack } from './support/test-stack.ts';

let stack: TestStack;
before(async () => {
  stack = await startTestStack({ BATCH_ENRICH_MAX_ROWS: '5', BATCH_ENRICH_MAX_UPLOAD_BYTES: '2000' }, { services: ['mapper'] });
});
after(async () => {
  await stack?.close();
});

async function storedJobs(): Promise<number> {
  const result = await stack.database.db.execute<{ n: number }>(sql`select count(*)::int as n from batch_enrich_job`);
  return result.rows[0]!.n;
}

const header = 'Company,Street,City,State,Zip,Phone\n';
const row = (i: number) => `Acme ${i} LLC,${100 + i} Main St,Pittsburgh,PA,15213,412-555-01${String(i).padStart(2, '0')}\n`;

test('rejected files answer the contract codes and store nothing', async () => {
  const { api } = stack;
  const cases: Array<[string, string | Buffer, number, string]> = [
    ['too large', header + 'x'.repeat(2100), 413, 'file_too_large'],
    ['too many rows', header + [0, 1, 2, 3, 4, 5].map(row).join(''), 413, 'too_many_rows'],
    ['empty', '', 422, 'empty_file'],
    ['blank lines', '\n\n  \n', 422, 'empty_file'],
    ['header only', header, 422, 'header_only'],
    ['binary', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]), 422, 'binary_file'],
    ['unmappable', 'Foo,Bar,Baz\n1,2,3\n4,5,6\n', 422, 'unmappable_headers'],
  ];
  for (const [name, content, status, code] of cases) {
    const res = await api.upload(content);
    assert.equal(res.status, status, `${name}: ${res.text}`);
    assert.equal(res.body.error.code, code, name);
    assert.ok(res.body.error.message.length > 10, `${name} explains itself`);
  }
  const unmappable = await api.upload('Foo,Bar,Baz\n1,2,3\n');
  assert.deepEqual(unmappable.body.error.headers, ['Foo', 'Bar', 'Baz']);
  assert.match(unmappable.body.error.message, /"Foo", "Bar", "Baz"/);
  assert.equal(await storedJobs(), 0);

  const noFile = await api.request('POST', '/api/v1/batch/enrich/upload', { json: { file: 'x' } });
  assert.equal(noFile.status, 415);
  const badLimit = await api.upload(header + row(1), { fields: { row_limit: '0' } });
  assert.equal(badLimit.status, 400);
  assert.equal(await storedJobs(), 0);
});

test('row_limit skips the rest, invalid rows are kept, encodings and delimiters are read', async () => {
  const { api } = stack;
  // Row 1 has a street but neither city+state nor zip: invalid. Row 3 is past the limit.
  const content = header + row(1) + ',,,,,\n' + ',5 Elm St,Erie,,,\n' + row(3) + row(4);
  const res = await api.upload(content, { fields: { row_limit: '3' } });
  assert.equal(res.status, 201, res.text);
  assert.equal(res.body.process_limit, 3);
  assert.equal(res.body.file_row_count, 4, 'fully blank lines are not data rows');
  assert.equal(res.body.stored_row_count, 4);
  assert.equal(res.body.row_count, 2);
  assert.deepEqual([res.body.counts.pending, res.body.counts.invalid, res.body.counts.skipped], [2, 1, 1]);

  const semicolonUtf16 = Buffer.from('\ufeff' + 'Firma;Straße;Ort;Bundesland;PLZ\nMüller GmbH;1 Main St;Erie;PA;16501\n', 'utf16le');
  const mapped = await api.upload(semicolonUtf16, { fields: { mapping: JSON.stringify({ columns: { company: 'Firma', street: 'Straße', city: 'Ort', state: 'Bundesland', zip: 'PLZ' } }) } });
  assert.equal(mapped.status, 201, mapped.text);
  assert.equal(mapped.body.mapping.delimiter, ';');
  assert.equal(mapped.body.mapping.encoding, 'utf-16le');
  assert.equal(mapped.body.mapping.source, 'user');
  // The given map is remembered (anonymous namespace here): the same shape maps itself next time.
  let again;
  for (let i = 0; i < 50; i += 1) {
    again = await api.upload(semicolonUtf16);
    if (again.status === 201 && again.body.mapping.source === 'cache') break;
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.equal(again!.body.mapping.source, 'cache');
  assert.equal(again!.body.mapping.columns.company, 'Firma');

  const cp1252 = Buffer.concat([Buffer.from('Company|Address|Zip\r\nCaf'), Buffer.from([0xe9]), Buffer.from(' Nord|12 Elm St|15213\r\n')]);
  const piped = await api.upload(cp1252);
  assert.equal(piped.status, 201, piped.text);
  assert.equal(piped.body.mapping.delimiter, '|');
  assert.equal(piped.body.mapping.encoding, 'windows-1252');
  const stored = await stack.database.db.execute<{ company: string }>(
    sql`select input->>'company' as company from batch_enrich_row where job_id = ${piped.body.id}`,
  );
  assert.equal(stored.rows[0]!.company, 'Café Nord');
});

test('admin endpoints need the admin token; agents need a bearer', async () => {
  const { api } = stack;
  const agent = await api.mintAgent();
  assert.equal((await api.request('GET', '/api/v1/agents/me')).status, 401);
  assert.equal((await api.request('GET', '/api/v1/agents/me', { bearer: 'bej_nope' })).status, 401);
  const me = await api.request('GET', '/api/v1/agents/me', { bearer: agent.token });
  assert.deepEqual([me.body.agent_id, me.body.balance_usd], [agent.agent_id, 0]);
  const noAdmin = await api.request('POST', `/api/v1/admin/agents/${agent.agent_id}/credit`, { json: { amount_usd: 5 } });
  assert.equal(noAdmin.status, 401);
  const negative = await api.request('POST', `/api/v1/admin/agents/${agent.agent_id}/credit`, {
    json: { amount_usd: -5 },
    headers: { 'x-admin-token': 'test-admin-token' },
  });
  assert.equal(negative.status, 400);
  assert.equal(await api.credit(agent.agent_id, 0.1), 0.1);
  assert.equal(await api.credit(agent.agent_id, 0.2), 0.3, 'micro-dollar arithmetic, no float drift');
});
