import assert from 'node:assert/strict';
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { queueJobCatalog } from '@bej/queue';
import { startFakeOpenAI, type FakeOpenAI, type RecordedRequest } from '../../services/mapper/src/test-support/fake-openai.ts';
import { startTestStack, type TestStack } from '../support/test-stack.ts';
import { capturedLogs, dumpDatabase, dumpRedis, findLeaks } from './leak-support.ts';

// Letters that never occur in hex, so no id, digest or UUID can contain a needle by chance.
const token = () => `q${Array.from({ length: 9 }, () => 'ghjkmnpqrstvwxz'[randomInt(15)]).join('')}`;
const phone = () => `412555${String(randomInt(100, 200)).padStart(4, '0')}`;

/** One file: rows of distinct, recognisable values in every column (state and zip5 aside: see `needles`). */
function leadFile(headers: string[]) {
  const rows = Array.from({ length: 3 }, () => {
    const t = Array.from({ length: 7 }, token);
    const digits = phone();
    const zip = `15${randomInt(100, 999)}`;
    return {
      ref: `ACCT-${t[0]}`,
      company: `Quillfeather ${t[1]} Holdings LLC`,
      street: `${randomInt(100, 9999)} ${t[2]} Road`,
      city: `${t[3]![0]!.toUpperCase()}${t[3]!.slice(1)}ville`,
      state: 'PA',
      zip: `${zip}-${randomInt(1000, 9999)}`,
      zip5: zip,
      phone: `(${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6)}`,
      digits,
      contact: `Ottoline ${t[4]} Fairweather`,
      note: `private note ${t[5]} about ${t[6]}`,
      tokens: t,
    };
  });
  const cells = (r: (typeof rows)[number]) => [r.ref, r.company, r.street, r.city, r.state, r.zip, r.phone, r.contact, r.note];
  const csv = [headers.join(','), ...rows.map((r) => cells(r).map((c) => `"${c}"`).join(','))].join('\r\n') + '\r\n';
  return { headers, rows, csv };
}

const HEURISTIC_HEADERS = ['ACCT_NBR', 'CUST_NM', 'SVC_ADDR1', 'SVC_CITY', 'SVC_ST', 'SVC_ZIP', 'PHN_NBR', 'CONTACT_NM', 'REMARKS'];
const LLM_HEADERS = ['Ref', 'Customer', 'Location Line', 'Town', 'Region', 'Postcode', 'Tel', 'Principal', 'Remarks'];
const LLM_ANSWER = {
  columns: { contact_id: 'Ref', company: 'Customer', street: 'Location Line', city: 'Town', state: 'Region', zip: 'Postcode', number1: 'Tel', dm_name: 'Principal' },
  search_variants: [],
  chat_label: { primary_column: 'Customer', location_columns: ['Town', 'Region'] },
};

const heuristicFile = leadFile(HEURISTIC_HEADERS);
const llmFile = leadFile(LLM_HEADERS);
const secrets = { admin_token: `admin-${token()}-${randomBytes(8).toString('hex')}`, llm_api_key: `sk-${token()}${randomBytes(8).toString('hex')}` };

/** What the directory knows about the first row of each file: the results are lead data too. */
function directoryRecord(row: (typeof heuristicFile.rows)[number]) {
  const t = token();
  return {
    company: row.company.replace(/ LLC$/, ''),
    zip: row.zip5,
    phones: [{ number: `412-555-${String(randomInt(200, 299)).padStart(4, '0')}`, type: 'main' }],
    contacts: [{ display_name: `Perpetua ${t} Quillfeather`, title: 'Owner', phones: [], emails: [`perpetua.${t}@example.com`] }],
    emails: [{ address: `office.${t}@example.com`, type: 'generic' }],
    entities: [{ legal_name: `Quillfeather ${t} Legal Holdings LLC`, jurisdiction: 'PA', registration_id: `REG-${t}` }],
    marker: t,
  };
}
const records = [directoryRecord(heuristicFile.rows[0]!), directoryRecord(llmFile.rows[0]!)];

let fake: FakeOpenAI;
let stack: TestStack;
let dir: string;
const logs = capturedLogs();

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bej-leak-'));
  await writeFile(join(dir, 'directory.jsonl'), records.map(({ marker: _m, ...r }) => JSON.stringify(r)).join('\n') + '\n');
  // The LLM maps the second header set; it refuses the first, which the mapper's heuristics then map.
  fake = await startFakeOpenAI({
    fallback: (req: RecordedRequest) => (req.headers?.includes('Customer') ? { content: LLM_ANSWER } : { status: 400, message: 'fake: not this one' }),
  });
  stack = await startTestStack(
    {
      LOG_LEVEL: 'debug',
      ADMIN_TOKEN: secrets.admin_token,
      BATCH_ENRICH_LLM_MAP_ENABLED: '1',
      OPENROUTER_API_KEY: secrets.llm_api_key,
      OPENROUTER_BASE_URL: fake.baseURL,
      ENRICH_DIRECTORY_PATH: join(dir, 'directory.jsonl'),
    },
    { logger: logs.factory },
  );
});
after(async () => {
  await stack?.close();
  await fake?.close();
  await rm(dir, { recursive: true, force: true });
});

/** Every value of a file as needles (zip5 and the state code are too short to tell from other text; zip+4 stands for the zip). */
function valueNeedles(file: typeof heuristicFile, label: string): Record<string, string> {
  const needles: Record<string, string> = {};
  file.rows.forEach((r, i) => {
    for (const [column, value] of Object.entries({ ref: r.ref, company: r.company, street: r.street, city: r.city, zip: r.zip, phone: r.phone, phone_digits: r.digits, contact: r.contact, note: r.note })) {
      needles[`${label} row ${i} ${column}`] = value;
    }
    r.tokens.forEach((t, j) => (needles[`${label} row ${i} token ${j}`] = t));
  });
  return needles;
}

const resultNeedles = () => Object.fromEntries(records.map((r, i) => [`directory result ${i}`, r.marker]));

function assertNoLeaks(needles: Record<string, string>, places: Map<string, string>, where: string): void {
  const leaks = findLeaks(needles, places);
  assert.deepEqual(leaks, [], `${where}:\n${leaks.map(([n, p]) => `  ${n} in ${p.slice(0, 200)}`).join('\n')}`);
}

test('row.enrich and billing payloads carry ids only; only the mapping request carries samples', () => {
  assert.deepEqual(Object.keys(queueJobCatalog['row.enrich'].schema.shape).sort(), ['jobId', 'rowIndex', 'run']);
  assert.deepEqual(Object.keys(queueJobCatalog['billing.paused'].schema.shape).sort(), ['agentId', 'at', 'jobId', 'reason']);
  assert.deepEqual(Object.keys(queueJobCatalog['billing.completed'].schema.shape).sort(), ['agentId', 'at', 'jobId']);
  assert.equal(queueJobCatalog['mapping.infer'].options.removeOnComplete, true);
  assert.equal(queueJobCatalog['mapping.infer'].options.removeOnFail, true);
});

test('a full run leaves no uploaded value and no token in the logs or in Redis', async () => {
  const { api } = stack;
  const admin = { 'x-admin-token': secrets.admin_token };
  const mint = await api.request('POST', '/api/v1/agents');
  assert.equal(mint.status, 201);
  const { agent_id, token: agentToken, webhook_secret } = mint.body as { agent_id: string; token: string; webhook_secret: string };
  assert.equal((await api.request('POST', `/api/v1/admin/agents/${agent_id}/credit`, { json: { amount_usd: 50 }, headers: admin })).status, 200);
  // Rejected credentials take the error path; the token in a wrong scheme must not be logged either.
  assert.equal((await api.request('GET', '/api/v1/agents/me', { headers: { authorization: `Token ${agentToken}` } })).status, 401);

  // 1. Mapped by the mapper service's heuristics (the LLM refuses this header set).
  const first = await api.upload(heuristicFile.csv, { bearer: agentToken });
  assert.equal(first.status, 201, first.text);
  assert.equal(first.body.mapping.source, 'heuristic');
  assert.equal(first.body.mapping.columns.company, 'CUST_NM');
  // The mapping request (with its sample rows) is gone the moment the answer is in.
  assertNoLeaks(valueNeedles(heuristicFile, 'heuristic file'), await dumpRedis(stack), 'Redis right after the first upload');

  // 2. Mapped by the LLM; anonymous, then linked with its upload token.
  const second = await api.upload(llmFile.csv);
  assert.equal(second.status, 201, second.text);
  assert.equal(second.body.mapping.source, 'llm');
  const uploadToken = second.body.upload_token as string;
  assert.equal((await api.request('POST', `/api/v1/batch/enrich/${second.body.id}/link`, { bearer: agentToken, json: { upload_token: uploadToken } })).status, 200);
  assert.equal((await api.request('GET', `/api/v1/batch/enrich/${second.body.id}`, { batch: uploadToken })).status, 200);
  assertNoLeaks(valueNeedles(llmFile, 'llm file'), await dumpRedis(stack), 'Redis right after the second upload');
  // The samples really went through the mapper to the LLM (so the checks above could have failed).
  assert.ok(fake.requests.some((r) => JSON.stringify(r.sampleRows).includes(llmFile.rows[0]!.company)));
  assert.ok(fake.requests.some((r) => JSON.stringify(r.sampleRows).includes(heuristicFile.rows[0]!.company)));

  // 3. Enrichment to completion, then the downloads.
  for (const job of [first.body, second.body]) {
    assert.equal((await api.request('POST', `/api/v1/batch/enrich/${job.id}/start`, { bearer: agentToken })).status, 202);
  }
  for (const job of [first.body, second.body]) {
    const done = await api.waitForBatch(job.id, agentToken, (j) => j.status === 'completed');
    assert.equal(done.counts.matched, 1, `job ${job.id}: the first row matches its directory record`);
    const csv = await api.request('GET', `/api/v1/batch/enrich/${job.id}/download.csv`, { bearer: agentToken });
    assert.equal(csv.status, 200);
    const file = job.id === first.body.id ? heuristicFile : llmFile;
    assert.ok(csv.text.includes(file.rows[0]!.company), 'the download holds the file (so the needles are real)');
    assert.ok(csv.text.includes(records[file === heuristicFile ? 0 : 1]!.marker), 'and the directory result');
  }

  const needles = {
    ...valueNeedles(heuristicFile, 'heuristic file'),
    ...valueNeedles(llmFile, 'llm file'),
    ...resultNeedles(),
    agent_token: agentToken,
    upload_token: uploadToken,
    webhook_secret,
    ...secrets,
  };

  const redis = await dumpRedis(stack);
  assert.ok([...redis.keys()].some((k) => k.includes(':mapping:') || k.includes('batch-enrich-mapping')), 'the dump sees the mapper keys');
  assert.ok([...redis.keys()].some((k) => k.includes('ratelimit')), 'and the rate-limit counters');
  assertNoLeaks(needles, redis, 'Redis after the run');

  const lines = logs.lines();
  for (const expected of ['agent minted', 'upload stored', 'mapping inferred', 'llm mapping accepted', 'llm mapping call failed', 'job completed']) {
    assert.ok(lines.some((l) => l.includes(`"${expected}"`)), `the captured logs include "${expected}"`);
  }
  assertNoLeaks(needles, new Map(lines.map((line, i) => [`log line ${i}: ${line}`, line])), 'logs of the run');
});

test('PostgreSQL holds tokens only as SHA-256 digests', async () => {
  const { api } = stack;
  const agent = await api.mintAgent();
  const upload = await api.upload(llmFile.csv);
  const sha = (t: string) => createHash('sha256').update(t).digest('hex');
  const stored = await stack.database.pool.query('select token_hash from agents where id = $1', [agent.agent_id]);
  assert.equal(stored.rows[0].token_hash, sha(agent.token));
  const job = await stack.database.pool.query('select upload_token_hash from batch_enrich_job where id = $1', [upload.body.id]);
  assert.equal(job.rows[0].upload_token_hash, sha(upload.body.upload_token));
  const columns = await stack.database.pool.query<{ table_name: string; column_name: string }>(
    "select table_name, column_name from information_schema.columns where table_schema = 'public' and column_name ~ '(token|secret|password|api_key)'",
  );
  // The webhook secret signs callbacks (HMAC needs the secret itself); every other credential column is a digest.
  assert.deepEqual(columns.rows.map((c) => `${c.table_name}.${c.column_name}`).sort(), ['agents.token_hash', 'agents.webhook_secret', 'batch_enrich_job.upload_token_hash']);
  assertNoLeaks({ agent_token: agent.token, upload_token: upload.body.upload_token, ...secrets }, await dumpDatabase(stack), 'PostgreSQL');
});
