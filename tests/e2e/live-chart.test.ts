// The chart of a live dataset in Chromium: it loads the current rows, then redraws when rows
// are pushed (through the API and through the reporting form), without a reload, and
// announces the update in a polite status.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { launchBrowser } from '../helpers/browser.ts';
import { createToken, sqliteState, type LiveState } from '../helpers/live.ts';
import { startServer, type RunningServer } from '../helpers/portal.ts';

const SLUG = 'lits-reanimation';
let server: RunningServer;
let browser: Browser;
let state: LiveState;
let token = '';

beforeAll(async () => {
  state = sqliteState();
  token = createToken(state, 'hopital-test').token;
  server = await startServer(inject('fixtureDist'), state.env);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const island = 'figure.chart [data-live]';

async function chartState(page: Page) {
  return page.$eval(island, (el) => ({
    rows: Number(el.getAttribute('data-rows')),
    points: Number(el.getAttribute('data-points')),
    path: el.querySelector('.recharts-line-curve')?.getAttribute('d') ?? '',
    status: el.querySelector('[role="status"]')?.textContent ?? '',
  }));
}

async function push(rows: Record<string, unknown>[]) {
  const res = await fetch(`${server.url}/api/datasets/${SLUG}/rows`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ rows }),
  });
  expect(res.status).toBe(201);
}

it('the chart of an open dataset page updates when rows are pushed, without a reload', async () => {
  // A row pushed before the page opens is in the chart from the start (the static build has 4 rows).
  await push([{ etablissement: 'H07', jour: '2020-11-04', lits_occupes: 3, lits_total: 9 }]);
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  await page.goto(`${server.url}/datasets/${SLUG}/`);
  await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
  expect(await page.textContent('figure.chart')).toContain('En direct');
  await page.locator('figure.chart').first().scrollIntoViewIfNeeded();
  await page.waitForSelector('figure.chart [data-live="live"]', { timeout: 15_000 });
  await page.waitForSelector('figure.chart .recharts-line-curve');
  const before = await chartState(page);
  expect(before.rows).toBe(5);
  expect(before.status).toBe('');

  await push([{ etablissement: 'H08', jour: '2020-11-10', lits_occupes: 30, lits_total: 40 }]);
  await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-rows') === '6', island, { timeout: 5000 });
  const after = await chartState(page);
  expect(after.points).toBeGreaterThan(before.points);
  expect(after.path).not.toBe(before.path);
  expect(after.status).toMatch(/^Mis à jour à \d{1,2}:\d{2}/);

  // An update of an existing key replaces the row: same row count, new values.
  await push([{ etablissement: 'H08', jour: '2020-11-10', lits_occupes: 35, lits_total: 40 }]);
  await page.waitForFunction((p) => document.querySelector('figure.chart .recharts-line-curve')?.getAttribute('d') !== p, after.path, { timeout: 5000 });
  expect((await chartState(page)).rows).toBe(6);

  // The reporting form, in another tab, feeds the same open page.
  const form = await browser.newPage();
  await form.goto(`${server.url}/report/${SLUG}/`);
  await form.fill('#token', token);
  await form.click('button:has-text("Se connecter")');
  await form.fill('#f-etablissement', 'H09');
  await form.fill('#f-jour', '2020-11-12');
  await form.fill('#f-lits_occupes', '4');
  await form.fill('#f-lits_total', '8');
  await form.click('button:has-text("Enregistrer ces chiffres")');
  expect(await form.textContent('.stored')).toContain('Enregistré');
  await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-rows') === '7', island, { timeout: 5000 });

  // Never reloaded.
  expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
  await form.close();
  await page.close();
});

it('without JavaScript the page still shows the published chart data and links to the current data', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${server.url}/datasets/${SLUG}/`);
  expect(await page.textContent('figure.chart .chart-summary')).toBeTruthy();
  expect(await page.getAttribute('.live-table-note a[type="text/csv"]', 'href')).toBe(`/api/datasets/${SLUG}/rows?format=csv`);
  await context.close();
});
