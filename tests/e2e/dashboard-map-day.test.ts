// The map at another day in Chromium: with JavaScript off the form of the days is reached with
// the keyboard and opens the map of the chosen day (SVG and table); axe-core clean; with
// JavaScript on the slider replaces the form.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { colourOf, quantileBreaks } from '../../src/charts/classes.ts';
import { axeViolations } from '../helpers/axe.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { dashboardsDist } from '../helpers/dashboards-fixture.ts';
import { startServer, type RunningServer } from '../helpers/portal.ts';

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer(dashboardsDist());
  browser = await launchBrowser();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

type Figures = { dates: string[]; territories: Record<string, { name: string; values: (number | null)[] }> };

it('with JavaScript off, a day chosen in the form with the keyboard shows that day on the map and in the table', async () => {
  const f = (await (await fetch(`${server.url}/dashboards/situation/figures/rea.json`)).json()) as Figures;
  const at = 1;
  const day = f.dates[at]!;
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${server.url}/dashboards/situation/map/rea/`);
  const fillsBefore = await page.$$eval('.map-svg path[data-key]', (ps) => ps.map((p) => p.getAttribute('fill')));
  // Keyboard: Tab until the day picker has the focus (it is in the page's tab order).
  let reached = false;
  for (let i = 0; i < 80 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => document.activeElement?.id === 'map-pick');
  }
  expect(reached).toBe(true);
  await page.selectOption('#map-pick', day);
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Afficher');
  await page.keyboard.press('Enter');
  await page.waitForURL((u) => u.searchParams.get('day') === day);
  expect(new URL(page.url()).pathname).toBe('/dashboards/situation/map/rea/day/');
  // The SVG is drawn for that day: one path per territory, the summary and table are that day's.
  expect(await page.locator('.map-svg path[data-key]').count()).toBe(Object.keys(f.territories).length);
  const labels = await page.$$eval('.map-svg a[aria-label]', (as) => as.map((a) => a.getAttribute('aria-label')));
  for (const t of Object.values(f.territories)) if (t.values[at] !== null) expect(labels).toContain(`${t.name}: ${t.values[at]}`);
  const table = await page.$$eval('.chart-data tbody tr', (rows) => rows.map((r) => [r.getAttribute('data-code'), r.querySelector('td')?.getAttribute('data-value')]));
  for (const [code, value] of table) expect(value === null ? null : Number(value)).toBe(f.territories[code!]!.values[at] ?? null);
  expect(await page.$eval('#map-pick', (s) => (s as HTMLSelectElement).value)).toBe(day);
  expect(await page.textContent('h1')).toContain(new Intl.DateTimeFormat('fr', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`)));
  // Each territory in its class among that day's figures (quantile breaks of that day).
  const dayValues = Object.fromEntries(Object.entries(f.territories).map(([code, t]) => [code, t.values[at] ?? null]));
  const breaks = quantileBreaks(Object.values(dayValues).filter((v): v is number => v !== null));
  const fillsAfter = await page.$$eval('.map-svg path[data-key]', (ps) => ps.map((p) => [p.getAttribute('data-key')!, p.getAttribute('fill')!] as const));
  for (const [code, fill] of fillsAfter) expect(fill, code).toBe(colourOf(dayValues[code], breaks));
  expect(fillsAfter.map(([, fill]) => fill)).not.toEqual(fillsBefore);
  await context.close();
});

it.each(['/dashboards/situation/map/rea/day/?day=2020-11-02', '/en/dashboards/situation/map/rea/day/?day=nope'])('%s has no axe-core violations', async (path) => {
  const page = await browser.newPage();
  await page.goto(`${server.url}${path}`);
  expect(await axeViolations(page)).toEqual([]);
  await page.close();
});

it('with JavaScript on, the slider replaces the form and still recolours the map', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/dashboards/situation/map/rea/day/?day=2020-11-02`);
  await page.waitForSelector('form.map-date:not([hidden])');
  expect(await page.isHidden('form.map-day')).toBe(true);
  expect(await page.$eval('#map-day', (r) => (r as HTMLInputElement).value)).not.toBe('0');
  const slider = page.locator('#map-day');
  await slider.focus();
  await page.keyboard.press('End');
  await page.waitForFunction(() => document.querySelector('.dashboard-map')?.getAttribute('data-day') !== null);
  expect(await page.getAttribute('.dashboard-map', 'data-day')).toBe(await page.$eval('#map-day', (r) => JSON.parse((r.closest('form') as HTMLFormElement).dataset.dates!).at(-1)));
  await page.close();
});

it('with JavaScript on, the heading, the summary sentence and "the map shows" follow the slider', async () => {
  const f = (await (await fetch(`${server.url}/dashboards/situation/figures/rea.json`)).json()) as Figures;
  const first = f.dates[0]!;
  const words = new Intl.DateTimeFormat('fr', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${first}T00:00:00Z`));
  // That day's highest and lowest territory, from the figures (1 November: Paris 50, Corse-du-Sud 2).
  const ranked = Object.values(f.territories)
    .filter((t) => t.values[0] !== null)
    .sort((a, b) => b.values[0]! - a.values[0]!);
  const page = await browser.newPage();
  await page.goto(`${server.url}/dashboards/situation/map/rea/day/?day=2020-11-02`);
  await page.waitForSelector('form.map-date:not([hidden])');
  expect(await page.textContent('h1')).not.toContain(words);
  await page.locator('#map-day').focus();
  await page.keyboard.press('Home');
  await page.waitForFunction((day) => document.querySelector('.dashboard-map')?.getAttribute('data-day') === day, first);
  expect(await page.textContent('h1')).toContain(`— ${words}`);
  const summary = (await page.textContent('.chart-summary'))!;
  expect(summary).toContain(words);
  expect(summary).toContain(`${ranked[0]!.name} (${ranked[0]!.values[0]})`);
  expect(summary).toContain(`${ranked.at(-1)!.name} (${ranked.at(-1)!.values[0]})`);
  expect(await page.textContent('.map-days')).toContain(words);
  // The downloads of the day shown (CSV, JSON, SVG) are that day's too.
  const links = await page.$$eval('a[data-day-link="map"]', (as) => as.map((a) => a.getAttribute('href')));
  expect(links).toEqual(['csv', 'json', 'svg'].map((format) => `/dashboards/situation/map/rea/day/?day=${first}&format=${format}`));
  await page.close();
});
