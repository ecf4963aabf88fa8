// The web UI in a real browser (Debian's chromium through playwright-core): the anonymous
// journey upload → connect → mint → link → credit → start → results → download, a mapping
// correction, no uploaded value on the results page, and a screenshot of every page.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { parseCsv } from '@bej/csv';
import { launchBrowser, screenshot, type TestBrowser } from './support/browser.ts';
import { repoRoot, startTestStack, type TestStack } from './support/test-stack.ts';

const SAMPLE = `${repoRoot}examples/leads.csv`;
const WAIT = { timeout: 60_000 };
let stack: TestStack;
let browser: TestBrowser;
let sampleCells: string[];

before(async () => {
  stack = await startTestStack({ BATCH_ENRICH_MIN_BALANCE_USD: '2' });
  browser = await launchBrowser();
  const { rows } = parseCsv(await readFile(SAMPLE, 'utf8'));
  sampleCells = [...new Set(rows.flat().map((c) => c.trim()).filter((c) => c.length >= 4))];
});

after(async () => {
  await browser?.close();
  await stack?.close();
});

const jobIdOf = (page: Page) => /\/batch\/([0-9a-f-]{36})/.exec(page.url())?.[1] ?? assert.fail(`no job id in ${page.url()}`);

async function assertNoPersonalData(page: Page) {
  const text = await page.locator('body').innerText();
  const leaked = sampleCells.filter((cell) => text.includes(cell));
  assert.deepEqual(leaked, [], 'the results page shows values from the uploaded file');
}

test('anonymous journey: upload, correct the mapping, connect, mint, link, top up, start, results, download', async () => {
  const page = await browser.newPage();
  const response = await page.goto(`${stack.base}/batch`);
  const csp = response?.headers()['content-security-policy'] ?? '';
  assert.match(csp, /script-src 'self'(;|$)/);
  assert.doesNotMatch(csp, /unsafe-inline/);

  // Preview in the browser before anything is sent.
  await page.setInputFiles('#file', SAMPLE);
  await page.locator('#preview').waitFor({ state: 'visible' });
  assert.equal(await page.locator('#delimiter').innerText(), 'comma');
  assert.deepEqual(await page.locator('#preview-table thead th').allInnerTexts(), ['Company', 'Address', 'Address 2', 'City', 'State', 'Zip', 'Phone', 'Contact']);
  assert.equal(await page.locator('#preview-table tbody tr').count(), 9, 'the first 10 lines: header + 9 rows');
  assert.equal(await page.locator('#preview-table tbody tr').first().locator('td').first().innerText(), 'Haney Furniture, Co');
  assert.equal(await page.locator('#quote-warning').isHidden(), true);
  assert.equal(await page.inputValue('#row-limit'), '10');
  await screenshot(page, '01-batch-preview');

  await page.click('#upload-button');
  await page.locator('#mapping-table tbody tr').first().waitFor(WAIT);
  const jobId = jobIdOf(page);
  assert.equal(page.url(), `${stack.base}/batch/${jobId}`);
  assert.equal(await page.inputValue('#map-company-0'), 'Company');
  assert.deepEqual(
    await page.locator('#map-street-0 option').allInnerTexts(),
    ['— not used —', 'Company', 'Address', 'Address 2', 'City', 'State', 'Zip', 'Phone', 'Contact'],
    'dropdowns list the file headers in file order',
  );
  assert.match(await page.locator('#job-summary').innerText(), /40 rows in the file · 10 to enrich · 30 past the limit/);
  const uploadToken = await page.evaluate((id) => sessionStorage.getItem(`bej.upload_token.${id}`), jobId);
  assert.match(uploadToken ?? '', /^bup_/);

  // A correction made while anonymous is kept in the tab and applied once the job is linked.
  await page.selectOption('#map-dm_name-0', '');
  await page.click('#mapping-save');
  await page.getByText('Saved in this tab').waitFor();
  await screenshot(page, '02-batch-mapping');

  await page.click('#connect-link');
  await page.waitForURL(/\/connect\?action=topup&return=/);
  await page.click('#mint');
  await page.locator('#minted').waitFor({ state: 'visible' });
  const token = await page.inputValue('#new-token');
  assert.match(token, /^bej_/);
  await page.click('#copy');
  assert.match(await page.locator('#copy-status').innerText(), /Copied|Ctrl\+C/);
  await page.locator('#balance').getByText('$0.00').waitFor();
  assert.match(await page.locator('#balance-advice').innerText(), /\$2\.00 missing/);
  await screenshot(page, '03-connect-minted');

  await page.click('#continue');
  await page.waitForURL(`${stack.base}/batch/${jobId}`);
  await page.locator('#shortfall').waitFor(WAIT);
  assert.match(await page.locator('#shortfall').innerText(), /\$2\.00 missing/);
  const linked = await stack.api.request('GET', `/api/v1/batch/enrich/${jobId}`, { bearer: token });
  assert.equal(linked.status, 200, 'coming back linked the job to the new agent');
  assert.equal(linked.body.mapping.source, 'user');
  assert.equal(linked.body.mapping.columns.dm_name, undefined, 'the anonymous correction was applied after linking');
  assert.equal(linked.body.mapping.columns.company, 'Company');
  await screenshot(page, '04-batch-shortfall');

  const me = await stack.api.request('GET', '/api/v1/agents/me', { bearer: token });
  await stack.api.credit(me.body.agent_id, 20);
  await page.click('#recheck');
  await page.locator('#start').waitFor(WAIT);
  assert.equal(await page.locator('#balance').innerText(), '$20.00');
  await screenshot(page, '05-batch-ready');

  await page.click('#start');
  await page.waitForURL(`${stack.base}/batch/${jobId}/results`);
  await page.locator('#status').getByText('completed').waitFor(WAIT);
  const preview = (await stack.api.request('GET', `/api/v1/batch/enrich/${jobId}/preview`, { bearer: token })).body;
  await page.locator('[data-count="matched"]').getByText(String(preview.counts.matched), { exact: true }).waitFor();
  assert.equal(await page.locator('[data-count="done"]').innerText(), String(preview.counts.done));
  assert.equal(await page.locator('[data-count="people"]').innerText(), String(preview.found.people));
  assert.equal(await page.locator('[data-count="spent_usd"]').innerText(), `$${preview.spent_usd.toFixed(2)}`);
  assert.ok(preview.counts.matched > 0, 'the sample matches some rows');
  assert.equal(await page.locator('#progress').evaluate((p: HTMLProgressElement) => p.value), 10);
  await assertNoPersonalData(page);
  await screenshot(page, '06-results-completed');

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
  const downloaded = await readFile((await download.path()) ?? assert.fail('no download path'), 'utf8');
  const fromApi = await stack.api.request('GET', `/api/v1/batch/enrich/${jobId}/download.csv`, { bearer: token });
  assert.equal(downloaded, fromApi.text, 'the button downloads the same CSV as the API');
  assert.match(downloaded, /^row_index,enrich_status,enrich_matched,enrich_spent_usd,/);
  assert.equal(download.suggestedFilename(), `batch-${jobId}.enriched.csv`);

  await page.setViewportSize({ width: 390, height: 844 });
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true, 'no sideways scrolling at phone width');
  await screenshot(page, '07-results-phone');
  await page.setViewportSize({ width: 1100, height: 900 });
  await page.close();
  assert.deepEqual(browser.problems, []);
});
