import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { hostileFiles, leadFile, probeWhileUploading } from './support/hostile-files.ts';
import { startTestStack, type ApiResponse, type TestStack } from './support/test-stack.ts';

// Limits of this stack: the defaults for columns (2,000) and field size (65,536 characters).
const MAX_ROWS = 12_000;
const MAX_BYTES = 3_000_000;

let stack: TestStack;
before(async () => {
  stack = await startTestStack({ BATCH_ENRICH_MAX_ROWS: String(MAX_ROWS), BATCH_ENRICH_MAX_UPLOAD_BYTES: String(MAX_BYTES) }, { services: ['mapper'] });
});
after(async () => {
  await stack?.close();
});

async function storedJobs(): Promise<number> {
  const result = await stack.database.db.execute<{ n: number }>(sql`select count(*)::int as n from batch_enrich_job`);
  return result.rows[0]!.n;
}

async function storedRows(jobId: string): Promise<Array<{ status: string; cells: string[]; input: Record<string, string | null>; error: string | null }>> {
  const result = await stack.database.db.execute(sql`select status, cells, input, error from batch_enrich_row where job_id = ${jobId} order by row_index`);
  return result.rows as never;
}

const HEADER = 'Company,Street,City,State,Zip,Phone';
const row = (i: number) => `Acme ${i} LLC,${100 + i} Main St,Pittsburgh,PA,15213,412-555-01${String(i % 100).padStart(2, '0')}`;
const rows = (n: number) => Array.from({ length: n }, (_, i) => row(i)).join('\n');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
const XLSX = Buffer.concat([Buffer.from('PK\x03\x04\x14\x00\x06\x00', 'latin1'), Buffer.from('[Content_Types].xml'), Buffer.alloc(200, 0)]);

type Send = { file?: string | Buffer; fields?: Record<string, string>; fileName?: string; raw?: () => Promise<ApiResponse> };
type Refused = { status: number; code: string; message?: RegExp; line?: number };
type Read = { read: (res: ApiResponse) => Promise<void> | void };
type Case = [name: string, send: Send, expect: Refused | Read];

const cases: Case[] = [
  ['empty file', { file: '' }, { status: 422, code: 'empty_file' }],
  ['blank lines only', { file: '\r\n\n   \n\t\n' }, { status: 422, code: 'empty_file' }],
  ['UTF-8 BOM only', { file: Buffer.from([0xef, 0xbb, 0xbf]) }, { status: 422, code: 'empty_file' }],
  ['header only', { file: `${HEADER}\n` }, { status: 422, code: 'header_only', message: /header row \(6 columns\) but no data rows/ }],
  ['header and blank lines', { file: `${HEADER}\n,,,,,\n\n` }, { status: 422, code: 'header_only' }],
  ['binary PNG', { file: PNG, fileName: 'logo.png' }, { status: 422, code: 'binary_file', message: /not CSV-like text/ }],
  ['xlsx workbook (zip)', { file: XLSX, fileName: 'leads.xlsx' }, { status: 422, code: 'binary_file', message: /Excel workbook \(\.xlsx\).*not CSV.*Save As.*CSV UTF-8/s }],
  ['legacy xls', { file: Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(100)]) }, { status: 422, code: 'binary_file', message: /\.xls/ }],
  ['PDF', { file: '%PDF-1.7\n1 0 obj\n' }, { status: 422, code: 'binary_file' }],
  ['NUL bytes at the start', { file: Buffer.concat([Buffer.from('Company,Zip\n'), Buffer.alloc(64, 0)]) }, { status: 422, code: 'binary_file' }],
  ['NUL bytes deep in the file', { file: `${HEADER}\n${rows(300)}\nBad\u0000Row,1 Elm St,Erie,PA,16501,\n` }, { status: 422, code: 'binary_file', line: 302 }],
  ['unterminated quote, 10,000 rows after it', { file: `company,zip\n"Acme,15213\n${Array.from({ length: 10_000 }, (_, i) => `Beta ${i},15213`).join('\n')}\n` }, { status: 422, code: 'unterminated_quote', line: 2 }],
  ['stray quote closed by a later row', { file: `${HEADER}\n${row(1)}\n"${row(2)}\n${row(3)}\n"${row(4)}\n` }, { status: 422, code: 'unterminated_quote', line: 3 }],
  ['single 1 MB field', { file: `${HEADER}\n${row(1)}\nBig,${'x'.repeat(1_000_000)},Erie,PA,16501,\n` }, { status: 422, code: 'field_too_large', line: 3 }],
  ['50,000 columns', { file: `${Array.from({ length: 50_000 }, (_, i) => `c${i}`).join(',')}\n${'a,b\n'.repeat(12_000)}` }, { status: 422, code: 'too_many_columns', line: 1 }],
  ['128 KB header of 16,000 repeated names', { file: `${Array(16_000).fill('Email').join(',')}\na@example.com\n` }, { status: 422, code: 'too_many_columns', line: 1 }],
  ['over the byte limit', { file: `${HEADER}\n${'x'.repeat(MAX_BYTES + 10)}\n` }, { status: 413, code: 'file_too_large' }],
  ['over the row limit', { file: `${HEADER}\n${rows(MAX_ROWS + 1)}\n` }, { status: 413, code: 'too_many_rows', line: MAX_ROWS + 2 }],
  ['row_limit 0', { file: `${HEADER}\n${row(1)}\n`, fields: { row_limit: '0' } }, { status: 400, code: 'validation_error', message: /row_limit/ }],
  ['row_limit negative', { file: `${HEADER}\n${row(1)}\n`, fields: { row_limit: '-5' } }, { status: 400, code: 'validation_error', message: /row_limit/ }],
  ['row_limit text', { file: `${HEADER}\n${row(1)}\n`, fields: { row_limit: 'ten' } }, { status: 400, code: 'validation_error', message: /row_limit/ }],
  ['row_limit beyond a 32-bit integer', { file: `${HEADER}\n${row(1)}\n`, fields: { row_limit: '99999999999999999999' } }, { status: 400, code: 'validation_error', message: /row_limit/ }],
  ['row_limit fraction', { file: `${HEADER}\n${row(1)}\n`, fields: { row_limit: '1.5' } }, { status: 400, code: 'validation_error', message: /row_limit/ }],
  ['mapping field not JSON', { file: `${HEADER}\n${row(1)}\n`, fields: { mapping: '{columns:' } }, { status: 400, code: 'validation_error', message: /mapping/ }],
  ['callback_url not a URL', { file: `${HEADER}\n${row(1)}\n`, fields: { callback_url: 'not a url' } }, { status: 422, code: 'invalid_callback_url' }],
  ['no file in the form', { raw: () => formWithout() }, { status: 400, code: 'validation_error', message: /"file"/ }],
  ['two files', { raw: () => twoFiles() }, { status: 400, code: 'validation_error' }],
  ['JSON instead of multipart', { raw: () => stack.api.request('POST', '/api/v1/batch/enrich/upload', { json: { file: `${HEADER}\n${row(1)}` } }) }, { status: 415, code: 'unsupported_media_type' }],
  ['plain text body', { raw: () => rawBody('text/csv', `${HEADER}\n${row(1)}\n`) }, { status: 415, code: 'unsupported_media_type' }],
  ['truncated multipart body', { raw: () => rawBody('multipart/form-data; boundary=XyZ', '--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nCompany\r\nAcme') }, { status: 400, code: 'validation_error' }],
  ['all-numeric file (no header)', { file: '4125550100,15213\n4125550101,15213\n' }, { status: 422, code: 'no_header' }],
  ['unmappable headers', { file: 'Foo,Bar\nx,y\n' }, { status: 422, code: 'unmappable_headers' }],
  // Read correctly:
  ['stray quote inside an unquoted field', { file: `${HEADER}\nAcme 5" Pipe Co,1 Elm St,Erie,PA,16501,\n"Beta" Inc,2 Elm St,Erie,PA,16501,\n` }, { read: async (res) => {
    const stored = await storedRows(res.body.id);
    assert.deepEqual(stored.map((r) => r.input.company), ['Acme 5" Pipe Co', 'Beta Inc']);
  } }],
  ['filename with a control character', { file: `${HEADER}\n${row(1)}\n`, fileName: 'leads\u0001.csv' }, { status: 400, code: 'validation_error', message: /form could not be read/ }],
  ['filename with path characters', { file: `${HEADER}\n${row(1)}\n`, fileName: '../../etc/passwd.csv' }, { read: async (res) => {
    assert.equal(await fileNameOf(res.body.id), 'passwd.csv');
  } }],
  ['Windows path as filename', { file: `${HEADER}\n${row(1)}\n`, fileName: 'C:\\Users\\me\\Desktop\\leads.csv' }, { read: async (res) => {
    assert.equal(await fileNameOf(res.body.id), 'leads.csv');
  } }],
  ['one invalid byte in a UTF-8 file', { file: Buffer.concat([Buffer.from(`${HEADER}\nMüller GmbH,1 Elm St,Köln,PA,16501,\nCaf`), Buffer.from([0xe9]), Buffer.from(',2 Elm St,Erie,PA,16501,\n')]) }, { read: async (res) => {
    assert.equal(res.body.mapping.encoding, 'utf-8+windows-1252');
    const stored = await storedRows(res.body.id);
    assert.deepEqual(stored.map((r) => [r.input.company, r.input.city]), [['Müller GmbH', 'Köln'], ['Café', 'Erie']]);
  } }],
  ['rows wider than the header', { file: `${HEADER}\n${row(1)}\nAcme, Inc,5 Elm St,Erie,PA,16501,4125550100\n${row(3)}\n` }, { read: async (res) => {
    assert.equal(res.body.malformed_rows, 1);
    assert.deepEqual([res.body.counts.pending, res.body.counts.invalid], [2, 1]);
    const stored = await storedRows(res.body.id);
    assert.deepEqual(stored[1]!.cells, ['Acme', ' Inc', '5 Elm St', 'Erie', 'PA', '16501', '4125550100'], 'kept whole, not cut');
    assert.equal(stored[1]!.status, 'invalid');
    assert.match(stored[1]!.error ?? '', /^too_many_fields: the row has 7 fields and the header 6/);
  } }],
  ['trailing delimiter on every data line', { file: `company,zip\n${Array.from({ length: 5 }, (_, i) => `Acme ${i},1521${i},`).join('\n')}\n` }, { read: (res) => {
    assert.equal(res.body.mapping.source, 'fast_path');
    assert.deepEqual(res.body.mapping.columns, { company: 'company', zip: 'zip' });
    assert.deepEqual([res.body.file_row_count, res.body.counts.pending, res.body.malformed_rows], [5, 5, 0]);
  } }],
  ['Excel sep= line on a 2-column file', { file: '\ufeffsep=;\r\nCompany;Zip\r\nAcme, Inc;15213\r\nBeta;15217\r\n' }, { read: (res) => {
    assert.equal(res.body.mapping.delimiter, ';');
    assert.deepEqual(res.body.mapping.columns, { company: 'Company', zip: 'Zip' });
    assert.equal(res.body.file_row_count, 2);
  } }],
  ['one-column file whose values hold commas', { file: 'Company\nAcme, Inc\nBeta, LLC\nGamma Holdings\n' }, { read: async (res) => {
    assert.equal(res.body.mapping.delimiter, 'none');
    assert.deepEqual(res.body.mapping.columns, { company: 'Company' });
    assert.deepEqual((await storedRows(res.body.id)).map((r) => r.input.company), ['Acme, Inc', 'Beta, LLC', 'Gamma Holdings']);
  } }],
  ['semicolon header longer than the sniffing sample', { file: `Firma;PLZ;${Array.from({ length: 1_900 }, (_, i) => `Freitext ${i} ${'x'.repeat(130)}`).join(';')}\nAcme, Inc;15213\n` }, { read: (res) => {
    assert.equal(res.body.mapping.delimiter, ';');
    assert.equal(res.body.mapping.columns.company, 'Firma');
    assert.equal(res.body.counts.pending, 1);
  } }],
  ['the standard CRM header', { file: 'contact_id,company,street,city,state,zip,number1,number2,dm_name\nC-1,Acme LLC,1 Elm St,Erie,PA,16501,4125550100,,Dana Doe\n' }, { read: (res) => {
    assert.equal(res.body.mapping.source, 'fast_path');
    assert.equal(res.body.mapping.columns.number1, 'number1');
  } }],
  ['a street cell with a second line inside it', { file: `${HEADER}\nAcme LLC,"3509 Elm Street\nRear entrance",Erie,PA,16501,\n` }, { read: async (res) => {
    assert.equal((await storedRows(res.body.id))[0]!.input.street, '3509 Elm Street, Rear entrance');
  } }],
];

async function fileNameOf(jobId: string): Promise<string | null> {
  const result = await stack.database.db.execute<{ file_name: string | null }>(sql`select file_name from batch_enrich_job where id = ${jobId}`);
  return result.rows[0]!.file_name;
}

async function formWithout(): Promise<ApiResponse> {
  const form = new FormData();
  form.append('row_limit', '5');
  return stack.api.request('POST', '/api/v1/batch/enrich/upload', { form });
}

async function twoFiles(): Promise<ApiResponse> {
  const form = new FormData();
  form.append('file', new Blob([`${HEADER}\n${row(1)}\n`]), 'a.csv');
  form.append('file', new Blob([`${HEADER}\n${row(2)}\n`]), 'b.csv');
  return stack.api.request('POST', '/api/v1/batch/enrich/upload', { form });
}

async function rawBody(contentType: string, body: string): Promise<ApiResponse> {
  const res = await fetch(`${stack.base}/api/v1/batch/enrich/upload`, { method: 'POST', headers: { 'content-type': contentType }, body });
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text), text, headers: res.headers };
}

test(`${cases.length} hostile or careless uploads: each a clear 4xx JSON error or a correct read; nothing stored when refused`, { timeout: 300_000 }, async () => {
  assert.ok(cases.length >= 30);
  for (const [name, send, expect] of cases) {
    const before = await storedJobs();
    const res = send.raw ? await send.raw() : await stack.api.upload(send.file ?? '', { fields: send.fields, fileName: send.fileName });
    if ('read' in expect) {
      assert.equal(res.status, 201, `${name}: ${res.text.slice(0, 300)}`);
      await expect.read(res);
      assert.equal(await storedJobs(), before + 1, `${name}: one job stored`);
      continue;
    }
    assert.equal(res.status, expect.status, `${name}: ${res.text.slice(0, 300)}`);
    assert.match(res.headers.get('content-type') ?? '', /application\/json/, name);
    assert.equal(res.body.error.code, expect.code, `${name}: ${res.text.slice(0, 300)}`);
    assert.ok(res.body.error.message.length > 20, `${name}: the message explains itself`);
    if (expect.message) assert.match(res.body.error.message, expect.message, name);
    if (expect.line !== undefined) {
      assert.equal(res.body.error.line, expect.line, `${name}: names the line`);
      if (expect.code !== 'too_many_rows') assert.match(res.body.error.message, new RegExp(`^Line ${expect.line}\\b`), name);
    }
    assert.doesNotMatch(res.body.error.message, /Acme \d|Müller|a@example\.com/, `${name}: no cell values in the message`);
    assert.equal(await storedJobs(), before, `${name}: nothing stored`);
  }
  const health = await stack.api.request('GET', '/healthz');
  assert.equal(health.status, 200, 'the server stays up');
});

/** Streams a multipart upload of `total` file bytes, stopping as soon as the server answers. */
async function streamUpload(total: number, declareLength: boolean): Promise<{ status: number; body: string; sent: number }> {
  const boundary = 'hostileBoundary';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\nContent-Type: text/csv\r\n\r\nCompany,Zip\r\n`;
  const tail = `\r\n--${boundary}--\r\n`;
  const chunk = Buffer.alloc(64 * 1024, 'x');
  const headers: Record<string, string | number> = { 'content-type': `multipart/form-data; boundary=${boundary}` };
  if (declareLength) headers['content-length'] = Buffer.byteLength(head) + total + Buffer.byteLength(tail);
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = httpRequest(`${stack.base}/api/v1/batch/enrich/upload`, { method: 'POST', headers }, (res) => {
      answered = true;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => {
        req.destroy();
        resolve({ status: res.statusCode ?? 0, body, sent });
      });
    });
    // Once answered, the server may close while we still write: that is the point.
    req.on('error', (err) => (answered ? undefined : reject(err)));
    req.write(head);
    const pump = () => {
      while (!answered && sent < total) {
        const piece = chunk.subarray(0, Math.min(chunk.length, total - sent));
        sent += piece.length;
        if (!req.write(piece)) return void req.once('drain', pump);
      }
      if (!answered) req.end(tail);
    };
    pump();
  });
}

test('a body over the byte limit is refused while it streams, never buffered whole', async () => {
  const before = await storedJobs();
  // Declared too large: answered before the body is read (a server buffering it first never would).
  const declared = await streamUpload(MAX_BYTES * 20, true);
  assert.equal(declared.status, 413);
  assert.equal(JSON.parse(declared.body).error.code, 'file_too_large');
  assert.ok(declared.sent < MAX_BYTES * 20, `answered after ${declared.sent} bytes, before the body ended`);
  // Chunked, no length: multer stops storing at the limit and discards the rest as it streams.
  const chunked = await streamUpload(MAX_BYTES * 4, false);
  assert.equal(chunked.status, 413);
  assert.equal(JSON.parse(chunked.body).error.code, 'file_too_large');
  assert.equal(await storedJobs(), before);
  assert.equal((await stack.api.request('GET', '/healthz')).status, 200);
});

test('other requests are answered while hostile uploads are read (ordering check; the real figure is in npm run bench)', { timeout: 300_000 }, async () => {
  for (const { name, content } of hostileFiles().filter((f) => Buffer.byteLength(f.content) < MAX_BYTES)) {
    const probe = await probeWhileUploading(stack.api, content);
    assert.ok(probe.uploadStatus === 201 || (probe.uploadStatus >= 400 && probe.uploadStatus < 500), `${name}: ${probe.uploadStatus}`);
    // Generous on purpose (shared CI machine): a parser holding the event loop for the whole read would fail it.
    const longest = Math.max(...probe.waits);
    assert.ok(longest < 5_000, `${name}: a /healthz request waited ${Math.round(longest)} ms`);
    if (probe.uploadMs > 1_500) assert.ok(probe.answeredDuring >= 2, `${name}: ${probe.answeredDuring} answers during a ${Math.round(probe.uploadMs)} ms upload`);
  }
  assert.equal(leadFile(1).split('\n').length, 3);
});

test('a row wider than its header stays invalid, with its reason, after the mapping is corrected', async () => {
  const agent = await stack.api.mintAgent();
  const res = await stack.api.upload(`${HEADER}\n${row(1)}\nAcme, Inc,5 Elm St,Erie,PA,16501,4125550100\n`, { bearer: agent.token });
  assert.equal(res.status, 201, res.text);
  const corrected = await stack.api.request('PUT', `/api/v1/batch/enrich/${res.body.id}/mapping`, {
    bearer: agent.token,
    json: { columns: { company: 'Company', street: 'Street', zip: 'Zip' } },
  });
  assert.equal(corrected.status, 200, corrected.text);
  assert.equal(corrected.body.malformed_rows, 1);
  assert.deepEqual([corrected.body.counts.pending, corrected.body.counts.invalid], [1, 1]);
  const stored = await storedRows(res.body.id);
  assert.equal(stored[1]!.status, 'invalid');
  assert.match(stored[1]!.error ?? '', /^too_many_fields/);
  // The owner sees the reason on the row itself.
  const detail = await stack.api.request('GET', `/api/v1/batch/enrich/${res.body.id}/rows/1`, { bearer: agent.token });
  assert.equal(detail.status, 200, detail.text);
  assert.equal(detail.body.status, 'invalid');
  assert.match(detail.body.error, /^too_many_fields: the row has 7 fields and the header 6/);
});
