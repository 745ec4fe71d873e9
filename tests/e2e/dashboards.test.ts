// Dashboards in Chromium: charts and the map are SVG with JavaScript off, the page is axe-core
// clean, territories are reachable with the keyboard, and a pushed live row updates the card.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchBrowser } from '../helpers/browser.ts';
import { dashboardsDist } from '../helpers/dashboards-fixture.ts';
import { createToken, sqliteState, type LiveState } from '../helpers/live.ts';
import { startServer, type RunningServer } from '../helpers/portal.ts';
import { axeViolations } from '../helpers/axe.ts';

let server: RunningServer;
let browser: Browser;
let state: LiveState;

beforeAll(async () => {
  state = sqliteState();
  server = await startServer(dashboardsDist(), state.env);
  browser = await launchBrowser();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

it('with JavaScript off, charts and the map are drawn SVG with real paths', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${server.url}/dashboards/situation/`);
  const lines = await page.$$eval('svg[data-chart="line"] path.series', (ps) => ps.map((p) => (p.getAttribute('d') ?? '').length));
  expect(lines.length).toBeGreaterThanOrEqual(4);
  for (const l of lines) expect(l).toBeGreaterThan(10);
  const box = await page.locator('svg[data-chart="line"]').first().boundingBox();
  expect(box!.height).toBeGreaterThan(100);
  expect(await page.locator('.map-svg path[data-key]').count()).toBe(3);
  await context.close();
});

it('with JavaScript off, a territory page (answered on demand) shows its cards and SVG charts', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const res = await page.goto(`${server.url}/en/dashboards/situation/75/`);
  expect(res!.status()).toBe(200);
  expect(await page.locator('h1').textContent()).toBe('Paris — The situation');
  const lines = await page.$$eval('svg[data-chart="line"] path.series', (ps) => ps.map((p) => (p.getAttribute('d') ?? '').length));
  expect(lines).toHaveLength(3);
  for (const l of lines) expect(l).toBeGreaterThan(10);
  const box = await page.locator('svg[data-chart="line"]').first().boundingBox();
  expect(box!.height).toBeGreaterThan(100);
  expect(await page.locator('.key-figure[data-indicator="rea"] data').getAttribute('value')).toBe('77');
  await context.close();
});

it.each([
  '/dashboards/situation/',
  '/en/dashboards/situation/2A/',
  '/dashboards/situation/75/',
  '/dashboards/situation/map/rea/',
  '/embed/dashboards/situation/rea/',
  '/en/embed/dashboards/situation/rea/',
])('%s has no axe-core violations', async (path) => {
  const page = await browser.newPage();
  await page.goto(`${server.url}${path}`);
  expect(await axeViolations(page)).toEqual([]);
  await page.close();
});

it('a territory of the map is reached with the keyboard and opens its page', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/dashboards/situation/map/rea/`);
  const link = page.locator('.map-svg a').filter({ has: page.locator('path[data-key="75"]') });
  await link.focus();
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/dashboards\/situation\/75\/$/);
  expect(await page.textContent('h1')).toContain('Paris');
  await page.close();
});

it('a pushed live row updates the key figure without a reload', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/dashboards/situation/`);
  const value = page.locator('.key-figure[data-indicator="lits"] [data-value]');
  expect(await value.getAttribute('value')).toBe('20');
  const chartPath = () => page.$eval('#ind-lits svg[data-chart="line"] path.series', (p) => p.getAttribute('d') ?? '');
  const before = await chartPath();
  await page.waitForTimeout(500);
  const token = createToken(state, 'hopital-test').token;
  const started = Date.now();
  const res = await fetch(`${server.url}/api/datasets/lits/rows`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ rows: [{ etablissement: 'H02', jour: '2020-11-03', lits_occupes: 9 }] }),
  });
  expect(res.status).toBe(201);
  // Both reporters have now reported for 3 November: 15 + 9.
  await page.waitForFunction(() => document.querySelector('.key-figure[data-indicator="lits"] [data-value]')?.getAttribute('value') === '24', undefined, { timeout: 10_000 });
  console.log(`live key figure updated ${Date.now() - started} ms after the push`);
  expect(await page.textContent('.key-figure[data-indicator="lits"] [data-reporting]')).toContain(': 2 sur 2 déclarants');
  // The indicator's chart and table are redrawn too: 3 November now has a point and a figure.
  expect(await chartPath()).not.toBe(before);
  expect(await page.textContent('#ind-lits .chart-data tbody tr:last-child')).toMatch(/3 novembre 2020\s*24\s*2 sur 2/);
  await page.close();
});

it('a page opened later catches up with pushed rows; a retracted row leaves the key figure, chart and table without a reload', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/dashboards/situation/`);
  const value = () => page.getAttribute('.key-figure[data-indicator="lits"] [data-value]', 'value');
  // The page was built before the previous test's push (H02: 9 on 3 November): it catches up on load.
  await page.waitForFunction(() => document.querySelector('.key-figure[data-indicator="lits"] [data-value]')?.getAttribute('value') === '24', undefined, { timeout: 10_000 });
  const token = createToken(state, 'hopital-test').token;
  const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
  await page.waitForTimeout(500);
  const pushed = await fetch(`${server.url}/api/datasets/lits/rows`, { method: 'POST', headers, body: JSON.stringify({ rows: [{ etablissement: 'H02', jour: '2020-11-03', lits_occupes: 11 }] }) });
  expect(pushed.status).toBe(201);
  await page.waitForFunction(() => document.querySelector('.key-figure[data-indicator="lits"] [data-value]')?.getAttribute('value') === '26', undefined, { timeout: 10_000 });
  const started = Date.now();
  const retracted = await fetch(`${server.url}/api/datasets/lits/rows`, {
    method: 'DELETE',
    headers,
    body: JSON.stringify({ keys: [{ etablissement: 'H02', jour: '2020-11-03' }], reason: 'wrong hospital' }),
  });
  expect(await retracted.json()).toEqual({ retracted: 1 });
  // H02 has not reported for 3 November any more: its 2 November value is carried for one day, as before the push.
  await page.waitForFunction(() => document.querySelector('.key-figure[data-indicator="lits"] [data-value]')?.getAttribute('value') === '20', undefined, { timeout: 10_000 });
  console.log(`live key figure corrected ${Date.now() - started} ms after the retraction`);
  expect(await value()).toBe('20');
  expect(await page.textContent('.key-figure[data-indicator="lits"] [data-reporting]')).toContain(': 1 sur 2 déclarants');
  expect(await page.textContent('#ind-lits .chart-data tbody tr:last-child')).not.toMatch(/2 sur 2/);
  await page.close();
});

it("the map date control: the latest day and every day's CSV without JavaScript, a keyboard slider with it", async () => {
  const off = await browser.newContext({ javaScriptEnabled: false });
  const still = await off.newPage();
  await still.goto(`${server.url}/dashboards/situation/map/rea/`);
  expect(await still.locator('form.map-date').isVisible()).toBe(false);
  expect(await still.locator('.map-days').textContent()).toMatch(/La carte montre le \d+ \w+ 2020/);
  expect(await still.locator('.map-days a').getAttribute('href')).toBe('/dashboards/situation/figures/rea.csv');
  await off.close();

  const page = await browser.newPage();
  await page.goto(`${server.url}/dashboards/situation/map/rea/`);
  const figures = (await (await fetch(`${server.url}/dashboards/situation/figures/rea.json`)).json()) as { dates: string[]; territories: Record<string, { values: (number | null)[] }> };
  const range = page.locator('form.map-date input[type=range]');
  expect(await range.isVisible()).toBe(true);
  await range.focus();
  await page.keyboard.press('Home');
  await page.waitForFunction((d) => document.querySelector('.dashboard-map')?.getAttribute('data-day') === d, figures.dates[0]);
  // Paris on the first day, as the figures say, in the page's words.
  const v = figures.territories['75']!.values[0] ?? null;
  const paris = await page.locator('.map-svg path[data-key="75"] title').textContent();
  expect(paris).toBe(`Paris: ${v === null ? 'pas de valeur' : new Intl.NumberFormat('fr').format(v)}`);
  expect(await page.locator('form.map-date output').textContent()).toMatch(/2020/);
  await page.keyboard.press('End');
  await page.waitForFunction((d) => document.querySelector('.dashboard-map')?.getAttribute('data-day') === d, figures.dates.at(-1));
  await page.close();
});
