// The web UI in a real browser (Debian's chromium through playwright-core): the anonymous
// journey upload → connect → mint → link → credit → start → results → download with a mapping
// correction, and a connected agent's journey through pause and resume; no uploaded value on
// the results page, and a screenshot of every page under test-output/screenshots.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { SAMPLE, WAIT, assertLabelled, assertPhoneWidth, assertNoPersonalData, jobIdOf, screenshot, startWebStack, type TestBrowser } from './support/browser.ts';
import type { TestStack } from './support/test-stack.ts';

let stack: TestStack;
let browser: TestBrowser;

before(async () => {
  ({ stack, browser } = await startWebStack());
});

after(async () => {
  await browser?.close();
  await stack?.close();
});

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
  await assertLabelled(page);
  await screenshot(page, '02-batch-mapping');

  await page.click('#connect-link');
  await page.waitForURL(/\/connect\?action=topup&return=/);
  await page.click('#mint');
  await page.locator('#minted').waitFor({ state: 'visible' });
  const token = await page.inputValue('#new-token');
  assert.match(token, /^bej_/);
  await page.click('#copy');
  await page.locator('#copy-status').getByText('Copied.').waitFor();
  assert.equal(await page.evaluate('navigator.clipboard.readText()'), token, 'the copy button puts the token on the clipboard');
  await page.locator('#balance').getByText('$0.00').waitFor();
  assert.match(await page.locator('#balance-advice').innerText(), /\$2\.00 missing/);
  assert.match(await page.locator('#operator-credit').innerText(), new RegExp(`/api/v1/admin/agents/[0-9a-f-]{36}/credit`));
  await assertLabelled(page);
  await screenshot(page, '03-connect-minted');
  await assertPhoneWidth(page, '03b-connect-phone');

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
  await assertPhoneWidth(page, '04b-batch-phone');

  const me = await stack.api.request('GET', '/api/v1/agents/me', { bearer: token });
  await stack.api.credit(me.body.agent_id, 20);
  await page.click('#recheck');
  await page.locator('#start').waitFor(WAIT);
  assert.equal(await page.locator('#balance').innerText(), '$20.00');
  await screenshot(page, '05-batch-ready');

  const streamed = page.waitForResponse((r) => r.url().endsWith(`/${jobId}/events`), WAIT);
  await page.click('#start');
  await page.waitForURL(`${stack.base}/batch/${jobId}/results`);
  const stream = await streamed;
  assert.equal(stream.status(), 200);
  assert.match(stream.headers()['content-type'] ?? '', /text\/event-stream/, 'the results page follows the live event stream');
  await page.locator('#status').getByText('completed').waitFor(WAIT);
  const preview = (await stack.api.request('GET', `/api/v1/batch/enrich/${jobId}/preview`, { bearer: token })).body;
  await page.locator('[data-count="matched"]').getByText(String(preview.counts.matched), { exact: true }).waitFor();
  assert.equal(await page.locator('[data-count="done"]').innerText(), String(preview.counts.done));
  // People, phones and emails come from the preview, fetched right after the last job event.
  await page.locator('[data-count="people"]').getByText(String(preview.found.people), { exact: true }).waitFor();
  assert.equal(await page.locator('[data-count="spent_usd"]').innerText(), `$${preview.spent_usd.toFixed(2)}`);
  assert.ok(preview.counts.matched > 0, 'the sample matches some rows');
  assert.equal(await page.locator('#progress').evaluate((p: HTMLProgressElement) => p.value), 10);
  await assertNoPersonalData(page);
  await assertLabelled(page);
  await screenshot(page, '06-results-completed');

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
  const downloaded = await readFile((await download.path()) ?? assert.fail('no download path'), 'utf8');
  const fromApi = await stack.api.request('GET', `/api/v1/batch/enrich/${jobId}/download.csv`, { bearer: token });
  assert.equal(downloaded, fromApi.text, 'the button downloads the same CSV as the API');
  assert.match(downloaded, /^row_index,enrich_status,enrich_matched,enrich_spent_usd,/);
  assert.equal(download.suggestedFilename(), `batch-${jobId}.enriched.csv`);

  await assertPhoneWidth(page, '07-results-phone');
  await page.close();
  assert.deepEqual(browser.problems, []);
});

test('connected agent: paste a token, broken quotes flagged, mapping saved at once, pause for money, resume, rows and lead pages', async () => {
  const agent = await stack.api.mintAgent();
  await stack.api.credit(agent.agent_id, 2);
  const page = await browser.newPage();
  // A crafted return address outside our pages is ignored.
  await page.goto(`${stack.base}/connect?action=topup&return=${encodeURIComponent('https://evil.example/')}`);
  await page.fill('#token', agent.token);
  await page.press('#token', 'Enter');
  await page.locator('#balance').getByText('$2.00').waitFor();
  assert.equal(await page.getAttribute('#continue', 'href'), '/batch');
  await page.click('#continue');
  await page.waitForURL(`${stack.base}/batch`);

  // Keyboard: the file chooser is reachable with Tab.
  let focused = '';
  for (let i = 0; i < 6 && focused !== 'file'; i += 1) {
    await page.keyboard.press('Tab');
    focused = await page.evaluate(() => document.activeElement?.id ?? '');
  }
  assert.equal(focused, 'file', 'Tab reaches the file input');

  const broken = 'Company;City;State\n"Acme; Inc;Denver;CO\nBeta "Best" Co;Austin;TX\n';
  // Dropped rather than chosen: the same preview.
  await page.evaluate(`(() => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([${JSON.stringify(broken)}], 'broken.csv', { type: 'text/csv' }));
    document.querySelector('#drop').dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  })()`);
  await page.locator('#file-name').getByText('broken.csv').waitFor();
  await page.locator('#quote-warning').waitFor({ state: 'visible' });
  assert.equal(await page.locator('#delimiter').innerText(), 'semicolon');
  const warning = await page.locator('#quote-warning').innerText();
  assert.match(warning, /RFC 4180/);
  assert.match(warning, /line 2: a quote that is not closed on its line; the upload will be refused \(it runs on into line 3\)/);
  await screenshot(page, '08-batch-broken-quotes');
  // The server agrees, and its answer names the line.
  await page.click('#upload-button');
  await page.locator('#page-error').getByText(/^Line 2: a field opens a quote/).waitFor(WAIT);
  assert.equal(await page.locator('#job').isHidden(), true);

  await page.setInputFiles('#file', SAMPLE);
  await page.locator('#quote-warning').waitFor({ state: 'hidden' });
  await page.fill('#row-limit', '40');
  await page.click('#upload-button');
  await page.locator('#mapping-table tbody tr').first().waitFor(WAIT);
  const jobId = jobIdOf(page);
  assert.equal(await page.inputValue('#map-street-1'), 'Address 2');
  await page.selectOption('#map-street-1', '');
  await page.click('#mapping-save');
  await page.getByText('Mapping saved').waitFor(WAIT);
  const corrected = await stack.api.request('GET', `/api/v1/batch/enrich/${jobId}`, { bearer: agent.token });
  assert.equal(corrected.body.mapping.source, 'user');
  assert.equal(corrected.body.mapping.columns.street, 'Address');
  assert.equal(await page.locator('#mapping-source').innerText(), 'user');

  // This page must also work where the event stream is not served: it polls instead.
  await page.route('**/events', (route) => route.fulfill({ status: 404, contentType: 'application/json', body: '{"error":{"code":"not_found","message":"No such endpoint."}}' }));
  await page.click('#start');
  await page.waitForURL(`${stack.base}/batch/${jobId}/results`);
  await page.locator('#status').getByText('paused').waitFor(WAIT);
  assert.equal(await page.locator('#live').innerText(), '(updating every second)');
  assert.match(await page.locator('#paused-reason').innerText(), /balance ran out/);
  await page.click('#resume');
  await page.locator('#page-error').getByText(/missing/).waitFor(WAIT);
  await assertNoPersonalData(page);
  await screenshot(page, '09-results-paused');

  await stack.api.credit(agent.agent_id, 20);
  await page.click('#resume');
  await page.locator('#status').getByText('completed').waitFor(WAIT);
  assert.equal(await page.locator('#paused').isHidden(), true);
  await assertNoPersonalData(page);

  await page.click('#rows-link');
  await page.waitForURL(`${stack.base}/batch/${jobId}/rows`);
  await page.locator('#rows-table tbody tr a').first().waitFor(WAIT);
  assert.equal(await page.locator('#rows-table tbody tr').count(), 40);
  await page.selectOption('#status-filter', 'invalid');
  await page.click('#filter-form button');
  await page.waitForURL(/status=invalid/);
  await page.locator('#rows-caption').getByText('Rows that are invalid').waitFor();
  const invalid = (await stack.api.request('GET', `/api/v1/batch/enrich/${jobId}`, { bearer: agent.token })).body.counts.invalid;
  assert.ok(invalid > 0, 'the sample has invalid rows');
  await page.locator('#rows-table tbody tr').nth(invalid - 1).waitFor(WAIT);
  assert.deepEqual(new Set(await page.locator('#rows-table tbody tr td:nth-child(3)').allInnerTexts()), new Set(['invalid']));
  await screenshot(page, '10-rows');
  await page.selectOption('#status-filter', '');
  await page.click('#filter-form button');
  await page.getByRole('link', { name: 'Haney Furniture, Co — Pittsburgh, PA' }).click();
  await page.waitForURL(`${stack.base}/batch/${jobId}/rows/0`);
  await page.locator('#status').getByText('done').waitFor(WAIT);
  assert.match(await page.locator('#input').innerText(), /Haney Furniture, Co/);
  assert.match(await page.locator('#result').innerText(), /Dana Haney/);
  assert.ok((await page.locator('#events li').count()) >= 2, 'the hunt history is listed');
  await assertLabelled(page);
  await screenshot(page, '11-lead');
  await page.close();
  assert.deepEqual(browser.problems, []);
});
