import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { parseCsv } from '@bej/csv';
import { repoRoot, startTestStack, type TestStack } from './test-stack.ts';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const SCREENSHOT_DIR = join(repoRoot, 'test-output', 'screenshots');

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export interface TestBrowser {
  context: BrowserContext;
  /** Console errors, uncaught exceptions and CSP violations of every page, for one final assertion. */
  problems: string[];
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/** Debian's chromium with a fresh profile, removed on close (never a downloaded browser). */
export async function launchBrowser(): Promise<TestBrowser> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`${CHROMIUM_PATH} is missing: install it with "apt-get install -y chromium" (.ci/run does).`);
  const profile = await mkdtemp(join(tmpdir(), 'bej-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    args: ARGS,
    headless: true,
    acceptDownloads: true,
    permissions: ['clipboard-read', 'clipboard-write'],
    viewport: { width: 1100, height: 900 },
  });
  const problems: string[] = [];
  return {
    context,
    problems,
    async newPage() {
      const page = await context.newPage();
      page.on('console', (msg) => {
        // A 404 the page expects (a job before linking, an endpoint this server lacks) is logged
        // by the browser too; answers are checked below instead.
        if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) problems.push(`${page.url()}: ${msg.text()}`);
      });
      page.on('response', (res) => {
        const path = new URL(res.url()).pathname;
        if (res.status() >= 500 || (res.status() >= 400 && !path.startsWith('/api/'))) problems.push(`${res.status()} ${path}`);
      });
      page.on('pageerror', (err) => problems.push(`${page.url()}: ${err.message}`));
      return page;
    },
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

export const SAMPLE = `${repoRoot}examples/leads.csv`;
/** Generous: the machine is shared, and a page waits on a real stack behind it. */
export const WAIT = { timeout: 60_000 };

/** The stack the browser tests run against: a low minimum balance, and lookups slow enough to watch live. */
export async function startWebStack(): Promise<{ stack: TestStack; browser: TestBrowser }> {
  const stack = await startTestStack({ BATCH_ENRICH_MIN_BALANCE_USD: '2', ENRICH_SIMULATED_LATENCY_MS: '250' });
  try {
    return { stack, browser: await launchBrowser() };
  } catch (err) {
    await stack.close();
    throw err;
  }
}

export const jobIdOf = (page: Page) => /\/batch\/([0-9a-f-]{36})/.exec(page.url())?.[1] ?? assert.fail(`no job id in ${page.url()}`);

/** Every form control has a label a screen reader announces. */
export async function assertLabelled(page: Page) {
  const unlabelled = await page.evaluate(`Array.from(document.querySelectorAll('input:not([type=hidden]), select, textarea'))
    .filter((node) => !node.labels?.length && !node.getAttribute('aria-label'))
    .map((node) => node.id || node.outerHTML)`);
  assert.deepEqual(unlabelled, [], `unlabelled controls on ${page.url()}`);
}

let sampleCells: Promise<string[]> | null = null;

/** No cell of the sample file (4+ characters) appears in the page's text. */
export async function assertNoPersonalData(page: Page) {
  sampleCells ??= readFile(SAMPLE, 'utf8').then((text) => [...new Set(parseCsv(text).rows.flat().map((c) => c.trim()).filter((c) => c.length >= 4))]);
  const cells = await sampleCells;
  const text = await page.locator('body').innerText();
  assert.deepEqual(cells.filter((cell) => text.includes(cell)), [], `${page.url()} shows values from the uploaded file`);
}

/** At phone width (390 px) the page needs no sideways scrolling; saves a screenshot there. */
export async function assertPhoneWidth(page: Page, name: string) {
  const before = page.viewportSize();
  await page.setViewportSize({ width: 390, height: 844 });
  const fits = await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth');
  await screenshot(page, name);
  if (before) await page.setViewportSize(before);
  assert.equal(fits, true, `${page.url()} scrolls sideways at phone width`);
}
