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
  // Each lookup waits a little, so a lead's hunt lasts long enough to be watched live.
  stack = await startTestStack({ BATCH_ENRICH_MIN_BALANCE_USD: '2', ENRICH_SIMULATED_LATENCY_MS: '250' });
  browser = await launchBrowser();
  const { rows } = parseCsv(await readFile(SAMPLE, 'utf8'));
  sampleCells = [...new Set(rows.flat().map((c) => c.trim()).filter((c) => c.length >= 4))];
});

after(async () => {
  await browser?.close();
  await stack?.close();
});

const jobIdOf = (page: Page) => /\/batch\/([0-9a-f-]{36})/.exec(page.url())?.[1] ?? assert.fail(`no job id in ${page.url()}`);

/** Every form control has a label a screen reader announces. */
async function assertLabelled(page: Page) {
  const unlabelled = await page.evaluate(`Array.from(document.querySelectorAll('input:not([type=hidden]), select, textarea'))
    .filter((node) => !node.labels?.length && !node.getAttribute('aria-label'))
    .map((node) => node.id || node.outerHTML)`);
  assert.deepEqual(unlabelled, [], `unlabelled controls on ${page.url()}`);
}

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

  await page.setViewportSize({ width: 390, height: 844 });
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true, 'no sideways scrolling at phone width');
  await screenshot(page, '07-results-phone');
  await page.setViewportSize({ width: 1100, height: 900 });
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
  assert.match(warning, /line 2: a quote that is not closed on its line \(it swallows the line break and ends inside line 3\)/);
  await screenshot(page, '08-batch-broken-quotes');

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

  await page.click('#start');
  await page.waitForURL(`${stack.base}/batch/${jobId}/results`);
  await page.locator('#status').getByText('paused').waitFor(WAIT);
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
  const rowsServed = (await stack.api.request('GET', `/api/v1/batch/enrich/${jobId}/rows?limit=1`, { bearer: agent.token })).status === 200;
  if (rowsServed) {
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
    await page.goto(`${stack.base}/batch/${jobId}/rows/0`);
    await page.locator('#status').getByText('done').waitFor(WAIT);
    assert.match(await page.locator('#input').innerText(), /Haney Furniture, Co/);
  } else {
    // Until GET …/rows exists the pages say so plainly instead of failing silently.
    await page.locator('#page-error').getByText('does not list rows yet').waitFor(WAIT);
    await screenshot(page, '10-rows');
    await page.goto(`${stack.base}/batch/${jobId}/rows/0`);
    await page.locator('#page-error').getByText('does not show single rows yet').waitFor(WAIT);
  }
  await screenshot(page, '11-lead');
  await page.close();
  assert.deepEqual(browser.problems, []);
});

test('a file the server cannot map asks which column is which, then uploads with that mapping', async () => {
  const page = await browser.newPage();
  await page.goto(`${stack.base}/batch`);
  await page.setInputFiles('#file', { name: 'odd.csv', mimeType: 'text/csv', buffer: Buffer.from('Ref,Label\nq1,Acme Widgets\nq2,Blue Door Bakery\n') });
  await page.locator('#preview').waitFor({ state: 'visible' });
  await page.click('#upload-button');
  await page.locator('#manual').waitFor({ state: 'visible', ...WAIT });
  assert.match(await page.locator('#manual-why').innerText(), /Could not find the business name/);
  assert.deepEqual(await page.locator('#manual-company-0 option').allInnerTexts(), ['— not used —', 'Ref', 'Label']);
  assert.equal(await page.evaluate(`document.querySelectorAll('[id]').length === new Set(Array.from(document.querySelectorAll('[id]'), (n) => n.id)).size`), true, 'ids are unique');
  await page.selectOption('#manual-company-0', 'Label');
  await page.selectOption('#manual-contact_id-0', 'Ref');
  await screenshot(page, '13-batch-manual-mapping');
  await page.click('#manual-upload');
  await page.locator('#mapping-table tbody tr').first().waitFor(WAIT);
  assert.equal(await page.locator('#manual').isHidden(), true);
  const jobId = jobIdOf(page);
  const uploadToken = await page.evaluate(`sessionStorage.getItem('bej.upload_token.${jobId}')`);
  const job = await stack.api.request('GET', `/api/v1/batch/enrich/${jobId}`, { batch: String(uploadToken) });
  assert.equal(job.body.mapping.source, 'user');
  assert.deepEqual(job.body.mapping.columns, { company: 'Label', contact_id: 'Ref' });
  assert.equal(job.body.row_count, 2);
  await page.close();
  assert.deepEqual(browser.problems, []);
});

test('pages carry a CSP without inline script; assets, settings and unknown paths', async () => {
  const paths = ['/batch', `/batch/${'0'.repeat(8)}-0000-0000-0000-${'0'.repeat(12)}`, '/connect?action=topup', `/batch/${'1'.repeat(36).replace(/^(.{8})(.{4})(.{4})(.{4})(.{12}).*$/, '$1-$2-$3-$4-$5')}/results`];
  for (const path of paths) {
    const res = await fetch(`${stack.base}${path}`);
    assert.equal(res.status, 200, path);
    assert.match(res.headers.get('content-type') ?? '', /text\/html/);
    const csp = res.headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'none'/, path);
    assert.match(csp, /script-src 'self'(;|$)/, path);
    assert.doesNotMatch(await res.text(), /<script(?![^>]*\bsrc=)[^>]*>/, `${path} has an inline script`);
  }
  const js = await fetch(`${stack.base}/ui/assets/common.js`);
  assert.equal(js.status, 200);
  assert.match(js.headers.get('content-type') ?? '', /javascript/);
  assert.equal((await fetch(`${stack.base}/ui/assets/nope.js`)).status, 404);
  assert.equal((await fetch(`${stack.base}/batch/not-a-job/results`)).status, 404);
  assert.equal((await fetch(`${stack.base}/batch/${'0'.repeat(8)}-0000-0000-0000-${'0'.repeat(12)}/rows/x`)).status, 404);
  const settings = await (await fetch(`${stack.base}/ui/settings.json`)).json();
  assert.deepEqual({ min: settings.min_balance_usd, start: settings.start_minimum_usd, price: settings.row_price_usd }, { min: 2, start: 2, price: 0.25 });
});

test('the in-browser sniffer reads encodings and delimiters like the server', async () => {
  const page = await browser.newPage();
  await page.goto(`${stack.base}/batch`);
  // A string, not a function: the test's TypeScript transform would add helpers the page lacks.
  const results = await page.evaluate(`(async () => {
    const sniff = await import('/ui/assets/csv-sniff.js');
    const codes = (text) => Array.from(text).map((c) => c.charCodeAt(0));
    const utf16 = new Uint8Array([0xff, 0xfe, ...codes('Name\\tCity\\nA\\tB\\n').flatMap((c) => [c, 0])]);
    const cp1252 = new Uint8Array([...codes('Firma|Stadt\\nCaf'), 0xe9, ...codes('|K'), 0xf6, ...codes('ln\\n')]);
    const file = (bytes) => new File([bytes], 'x.csv');
    const a = await sniff.sniffFile(file(utf16));
    const b = await sniff.sniffFile(file(cp1252));
    const c = await sniff.sniffFile(file(new TextEncoder().encode('a,b\\n"x ""quoted"" y",2\\n"multi\\nline",3\\n')));
    const { parseEvents } = await import('/ui/assets/event-stream.js');
    const events = [];
    let tail = parseEvents(': hello\\n\\nevent: job\\ndata: {"a":', (t, d) => events.push([t, d]));
    tail = parseEvents(tail + '1}\\r\\n\\r\\ndata: x\\ndata: y\\n\\nevent: row', (t, d) => events.push([t, d]));
    return [
      events, tail,
      [a.encoding, a.delimiter.name, a.header],
      [b.encoding, b.delimiter.name, b.rows[0]],
      [c.problems.length, c.rows],
    ];
  })()`);
  assert.deepEqual(results, [
    [['job', '{"a":1}'], ['message', 'x\ny']],
    'event: row',
    ['utf-16le', 'tab', ['Name', 'City']],
    ['windows-1252', 'pipe', ['Café', 'Köln']],
    [0, [['x "quoted" y', '2'], ['multi\nline', '3']]],
  ]);
  await page.close();
});

test('the results page follows the job event stream when the server offers one', async () => {
  const agent = await stack.api.mintAgent();
  const upload = await stack.api.upload(await readFile(SAMPLE), { bearer: agent.token, fields: { row_limit: '5' } });
  assert.equal(upload.status, 201);
  const job = upload.body;
  const page = await browser.newPage();
  await page.addInitScript(`sessionStorage.setItem('bej.agent_token', ${JSON.stringify(agent.token)})`);
  const running = { ...job, status: 'running', counts: { ...job.counts, pending: 2, running: 0, done: 3, matched: 2, empty: 1 }, spent_usd: 0.5 };
  let authorization = '';
  await page.route('**/events', (route) => {
    authorization = route.request().headers().authorization ?? '';
    return route.fulfill({ status: 200, headers: { 'content-type': 'text/event-stream' }, body: `: open\n\nevent: job\ndata: ${JSON.stringify(running)}\n\n` });
  });
  await page.goto(`${stack.base}/batch/${job.id}/results`);
  // One snapshot of everything the event rendered (polling later shows the real job again);
  // read from node because the page's CSP rightly refuses eval for waitForFunction.
  const wanted = { done: '3', matched: '2', empty: '1', spent_usd: '$0.50', status: 'running', progress: '3 of 5 rows' };
  let seen: unknown = null;
  for (const deadline = Date.now() + WAIT.timeout; Date.now() < deadline; await new Promise((r) => setTimeout(r, 20))) {
    seen = await page.evaluate(`(() => {
      const count = Object.fromEntries(['done', 'matched', 'empty', 'spent_usd'].map((key) => [key, document.querySelector('[data-count="' + key + '"]').textContent]));
      return { ...count, status: document.querySelector('#status').textContent, progress: document.querySelector('#progress-text').textContent.split(' · ')[0] };
    })()`);
    if (JSON.stringify(seen) === JSON.stringify(wanted)) break;
  }
  assert.deepEqual(seen, wanted, 'the job event was rendered');
  assert.equal(authorization, `Bearer ${agent.token}`, 'the stream is opened with the bearer (EventSource could not send it)');
  await page.close();
  assert.deepEqual(browser.problems, []);
});

test('a lead page follows its hunt live', async (t) => {
  const agent = await stack.api.mintAgent();
  await stack.api.credit(agent.agent_id, 20);
  const upload = await stack.api.upload(await readFile(SAMPLE), { bearer: agent.token, fields: { row_limit: '3' } });
  const jobId = upload.body.id;
  if ((await stack.api.request('GET', `/api/v1/batch/enrich/${jobId}/rows/0`, { bearer: agent.token })).status === 404) {
    t.skip('GET …/rows/{row_index} is not served by this build (the degraded page is checked in the journey above)');
    return;
  }
  const page = await browser.newPage();
  await page.addInitScript(`sessionStorage.setItem('bej.agent_token', ${JSON.stringify(agent.token)})`);
  await page.goto(`${stack.base}/batch/${jobId}/rows/0`);
  await page.locator('#status').getByText('pending').waitFor(WAIT);
  assert.equal(await page.locator('#events li').count(), 0);
  assert.equal((await stack.api.request('POST', `/api/v1/batch/enrich/${jobId}/start`, { bearer: agent.token })).status, 202);
  // The hunt's events show up while the row is still running, without a reload.
  await page.locator('#events li').first().waitFor(WAIT);
  await page.locator('#status').getByText('done').waitFor(WAIT);
  const events = await page.locator('#events li').allInnerTexts();
  assert.ok(events.some((e) => e.includes('row_started')) && events.some((e) => e.includes('row_done')), events.join('\n'));
  assert.equal(new Set(events).size, events.length, 'no event is listed twice (stream and stored history)');
  assert.match(await page.locator('#result').innerText(), /Dana Haney/);
  await screenshot(page, '12-lead-live');
  await page.close();
  assert.deepEqual(browser.problems, []);
});
