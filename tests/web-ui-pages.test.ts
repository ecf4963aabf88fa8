// The web UI's pages one by one in a real browser: a file the server cannot map, the CSP on
// every page, the in-browser CSV sniffer, the event stream on the results page, a lead's live hunt.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { SAMPLE, WAIT, jobIdOf, screenshot, startWebStack, type TestBrowser } from './support/browser.ts';
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

test('in-browser helpers: the sniffer reads encodings and delimiters like the server, rows/s and ETA, event-stream parsing', async (t) => {
  const page = await browser.newPage();
  await page.goto(`${stack.base}/batch`);
  // A figure for the record, not an assertion: how heavy and how quick the biggest page is.
  const weight = (await page.evaluate(`(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const bytes = performance.getEntriesByType('resource').reduce((sum, r) => sum + r.decodedBodySize, nav.decodedBodySize);
    return { bytes, domContentLoadedMs: Math.round(nav.domContentLoadedEventEnd), resources: performance.getEntriesByType('resource').length };
  })()`)) as { bytes: number; domContentLoadedMs: number; resources: number };
  t.diagnostic(`/batch: ${weight.bytes} bytes in ${weight.resources + 1} files, DOMContentLoaded ${weight.domContentLoadedMs} ms`);
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
    const d = await sniff.sniffFile(file(new TextEncoder().encode('sep=|\\nName|City\\nA, B|C\\n')));
    const { RateMeter, duration } = await import('/ui/assets/rate-meter.js');
    const meter = new RateMeter(15000);
    const early = meter.estimate(100);
    meter.add(0, 0);
    meter.add(500, 5);
    const halfSecond = meter.estimate(95);
    meter.add(2000, 20);
    const steady = meter.estimate(80);
    meter.add(20000, 200);
    const windowed = meter.estimate(0);
    const { parseEvents } = await import('/ui/assets/event-stream.js');
    const events = [];
    let tail = parseEvents(': hello\\n\\nevent: job\\ndata: {"a":', (t, d) => events.push([t, d]));
    tail = parseEvents(tail + '1}\\r\\n\\r\\ndata: x\\ndata: y\\n\\nevent: row', (t, d) => events.push([t, d]));
    return [
      [early, halfSecond, steady, windowed, duration(40.2), duration(720), duration(5400)],
      events, tail,
      [a.encoding, a.delimiter.name, a.header],
      [b.encoding, b.delimiter.name, b.rows[0]],
      [c.problems.length, c.rows],
      [d.delimiter.name, d.header, d.rows],
    ];
  })()`);
  assert.deepEqual(results, [
    [
      { rate: null, eta: null },
      { rate: null, eta: null },
      { rate: 10, eta: 8 },
      { rate: 10, eta: 0 },
      '41 s',
      '12 min',
      '1.5 h',
    ],
    [['job', '{"a":1}'], ['message', 'x\ny']],
    'event: row',
    ['utf-16le', 'tab', ['Name', 'City']],
    ['windows-1252', 'pipe', ['Café', 'Köln']],
    [0, [['x "quoted" y', '2'], ['multi\nline', '3']]],
    ['pipe', ['Name', 'City'], [['A, B', 'C']]],
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

test('a lead page follows its hunt live', async () => {
  const agent = await stack.api.mintAgent();
  await stack.api.credit(agent.agent_id, 20);
  const upload = await stack.api.upload(await readFile(SAMPLE), { bearer: agent.token, fields: { row_limit: '3' } });
  const jobId = upload.body.id;
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

test('a spending cap set at upload pauses the batch, and Resume with a higher cap finishes it', async () => {
  const agent = await stack.api.mintAgent();
  await stack.api.credit(agent.agent_id, 20);
  const page = await browser.newPage();
  await page.addInitScript(`sessionStorage.setItem('bej.agent_token', ${JSON.stringify(agent.token)})`);
  await page.goto(`${stack.base}/batch`);
  await page.setInputFiles('#file', SAMPLE);
  await page.fill('#max-spend', '0.5');
  await page.click('#upload-button');
  await page.locator('#start').waitFor(WAIT);
  assert.match(await page.locator('#job-summary').innerText(), /spending cap \$0\.50/);
  // The quote's most is bounded by the cap.
  assert.match(await page.locator('#quote').innerText(), /^10 rows to enrich at \$0\.25 each: at most \$0\.50/);
  await page.click('#start');
  await page.locator('#status').getByText('paused').waitFor(WAIT);
  assert.match(await page.locator('#paused-reason').innerText(), /spend cap/);
  await page.locator('[data-count="spent_usd"]').getByText('$0.50', { exact: true }).waitFor(WAIT);
  await screenshot(page, '14-results-spend-cap');
  await page.fill('#new-cap', '10');
  await page.click('#resume');
  await page.locator('#status').getByText('completed').waitFor(WAIT);
  const job = (await stack.api.request('GET', `/api/v1/batch/enrich/${jobIdOf(page)}`, { bearer: agent.token })).body;
  assert.equal(job.max_spend_usd, 10);
  assert.equal(job.counts.done, 10);
  await page.close();
  assert.deepEqual(browser.problems, []);
});
