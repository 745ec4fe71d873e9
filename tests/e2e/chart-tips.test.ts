// Interaction on the server-rendered SVG charts (src/charts/chart-tips.ts) in Chromium, on the
// example content: the pointer and the keyboard show the value of a day of the real hospital
// file, the value is announced, the page stays axe-core clean, and with JavaScript off the
// chart is exactly what the build wrote.
//
// Figures by hand from content/datasets/donnees-hospitalieres-covid19/…-2020-11-15-19h55.csv,
// rows `"75";0;…` (Paris, both sexes): 2020-03-18 hosp 359, 2020-03-19 hosp 453,
// 2020-04-01 hosp 2633, 2020-09-16 hosp 376, 2020-09-17 hosp 362; the last day, 2020-11-15
// (written `"75";"0";…`), hosp 1373. The territory page's table holds the last 60 days (from
// 17 September): earlier days' values come from the chart's data-v, written by the build.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { axeViolations } from '../helpers/axe.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { exampleBuild } from '../helpers/example-build.ts';
import { startServer, type RunningServer } from '../helpers/portal.ts';

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer(exampleBuild());
  browser = await launchBrowser();
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const PAGE = '/dashboards/covid-19/75/';
const CHART = 'svg[aria-labelledby="chart-hospitalises-svgtitle"]';
// Digits only: the page's French number format separates thousands with a narrow space.
const digits = (s: string | null) => (s ?? '').replace(/[\s\u00a0\u202f]/g, '');

async function tip(page: Page): Promise<string> {
  return (await page.locator('.chart-tip').first().textContent()) ?? '';
}

it('the keyboard walks the points of a chart and announces each value', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}${PAGE}`);
  const chart = page.locator(CHART);
  expect(await chart.getAttribute('tabindex')).toBe('0');
  await chart.focus();
  // Focus shows the last day.
  expect(digits(await tip(page))).toContain('15novembre2020:1373');
  // Days before the table's 60-day window (it starts on 17 September) keep their value: 16 September 376.
  await page.keyboard.press('End');
  for (let i = 0; i < 60; i++) await page.keyboard.press('ArrowLeft');
  expect(digits(await tip(page))).toBe('16septembre2020:376');
  await page.keyboard.press('ArrowRight');
  expect(digits(await tip(page))).toBe('17septembre2020:362');
  await page.keyboard.press('Home');
  expect(digits(await tip(page))).toBe('18mars2020:359');
  await page.keyboard.press('ArrowRight');
  expect(digits(await tip(page))).toBe('19mars2020:453');
  const live = page.locator('#ind-hospitalises .chart-tip-live');
  expect(await live.getAttribute('aria-live')).toBe('polite');
  expect(digits(await live.textContent())).toBe('19mars2020:453');
  await page.keyboard.press('ArrowLeft');
  expect(digits(await live.textContent())).toBe('18mars2020:359');
  // With the tables open too: their visible "last 60 days" captions and the links under them.
  await page.evaluate(() => document.querySelectorAll('details.chart-data').forEach((d) => ((d as HTMLDetailsElement).open = true)));
  expect(await page.locator('#ind-hospitalises caption.table-window').isVisible()).toBe(true);
  expect(await axeViolations(page)).toEqual([]);
  await page.close();
});

it('the pointer over a day shows that day and its value', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}${PAGE}`);
  const chart = page.locator(CHART);
  await chart.scrollIntoViewIfNeeded();
  // Where 2020-04-01 is on the plot: data-x gives the plot's left and right edges and its days.
  const [left, right, first, last] = ((await chart.getAttribute('data-x')) ?? '').split(' ');
  const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
  const x = Number(left) + ((day('2020-04-01') - day(first!)) / (day(last!) - day(first!))) * (Number(right) - Number(left));
  const box = (await chart.boundingBox())!;
  const vbWidth = Number((await chart.getAttribute('viewBox'))!.split(' ')[2]);
  await page.mouse.move(box.x + (x / vbWidth) * box.width, box.y + box.height / 2);
  await expect.poll(async () => digits(await tip(page))).toBe('1avril2020:2633');
  expect(await page.locator('.chart-tip').first().isVisible()).toBe(true);
  // Leaving the chart hides the tooltip.
  await page.mouse.move(box.x + box.width / 2, box.y + box.height + 200);
  await expect.poll(() => page.locator('.chart-tip').first().isVisible()).toBe(false);
  await page.close();
});

it('with JavaScript off, the chart, its summary and its table are what the server wrote', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${server.url}${PAGE}`);
  // The territory page is answered on demand: what the server sends, before any script.
  const built = await (await fetch(`${server.url}${PAGE}`)).text();
  const svg = await page.locator(CHART).evaluate((el) => el.outerHTML);
  expect(svg).not.toContain('tabindex');
  // The served chart is the built one, unchanged by any script.
  expect(built).toContain(svg.slice(0, 200));
  expect(await page.locator('.chart-tip, .chart-tip-live').count()).toBe(0);
  expect(await page.locator('#ind-hospitalises .chart-summary').count()).toBe(1);
  // The table holds the last 60 days (from 17 September); earlier days are in the chart and the files.
  expect(await page.locator('#ind-hospitalises .chart-data time[datetime="2020-09-17"]').count()).toBe(1);
  expect(await page.locator('#ind-hospitalises .chart-data time[datetime="2020-09-16"]').count()).toBe(0);
  expect(await page.locator('#ind-hospitalises .chart-data time[datetime="2020-04-01"]').count()).toBe(0);
  await context.close();
});

// donnees-hospitalieres-nouveaux-covid19: the national total of 2020-03-19 is the sum of that
// day's rows: incid_hosp 2229, incid_rea 438 (awk over the CSV).
it('a chart with several series: the keyboard reads each series, a legend button hides one', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/datasets/donnees-hospitalieres-nouveaux-covid19/`);
  const chart = page.locator('svg[aria-labelledby="chart-0-svgtitle"]');
  await chart.focus();
  await page.keyboard.press('Home');
  expect(digits(await tip(page))).toBe('19mars2020—Nouvelleshospitalisations:2229');
  await page.keyboard.press('ArrowRight');
  expect(digits(await tip(page))).toBe('19mars2020—Nouvellesadmissionsenréanimation:438');
  const toggles = page.locator('figure:has(svg[aria-labelledby="chart-0-svgtitle"]) ul.svg-legend button.series-toggle');
  expect(await toggles.count()).toBe(2);
  await toggles.nth(0).click();
  expect(await toggles.nth(0).getAttribute('aria-pressed')).toBe('false');
  expect(await chart.locator('path[data-s="0"]').isVisible()).toBe(false);
  expect(await chart.locator('path[data-s="1"]').isVisible()).toBe(true);
  // The hidden series is skipped: the first point is now the other series'.
  await chart.focus();
  await page.keyboard.press('Home');
  expect(digits(await tip(page))).toBe('19mars2020—Nouvellesadmissionsenréanimation:438');
  // The last visible series cannot be switched off: the chart would be empty.
  await toggles.nth(1).click();
  expect(await toggles.nth(1).getAttribute('aria-pressed')).toBe('true');
  expect(await axeViolations(page)).toEqual([]);
  await page.close();
});

// population-departements.csv: Nord (59) 2,608,346 inhabitants, Paris (75) 2,165,423; the bars
// are named by the file's `nom` column, not by code.
it('bars: the pointer and the arrow keys read a bar and its value', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/datasets/population-departements/`);
  const chart = page.locator('svg[data-chart="bar"]').first();
  await chart.locator('rect[data-i="0"]').hover();
  await expect.poll(async () => digits(await tip(page))).toBe('Nord:2608346');
  await chart.focus();
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowDown');
  expect(digits(await tip(page))).toBe('Paris:2165423');
  await page.close();
});
