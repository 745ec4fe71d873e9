// The dataset preview in Chromium, on the real example content: the hospital dataset's time
// series, département selector, map and table preview; a default chart; axe-core. The same page
// rendered on demand by the server (PORTAL_ON_DEMAND_DATASETS_ABOVE=0): readable without
// JavaScript, its charts and map as SVG, no axe-core violation.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../helpers/browser.ts';
import { exampleBuild } from '../helpers/example-build.ts';
import { buildPortal, distDir, removeDir, ROOT, startServer, type RunningServer } from '../helpers/portal.ts';
import { axeViolations } from '../helpers/axe.ts';

const HOSPITAL = '/datasets/donnees-hospitalieres-covid19/';

let dist = '';
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  dist = exampleBuild();
  server = await startServer(dist);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('dataset preview in Chromium', () => {
  it('draws the hospital time series as SVG at build, without scrolling and without JavaScript', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1200, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${server.url}${HOSPITAL}`);
    const figure = page.locator('figure.chart').nth(1);
    expect(await figure.locator('svg[data-chart="line"] path.series').count()).toBe(1);
    expect((await figure.locator('svg[data-chart="line"] path.series').getAttribute('d'))!.length).toBeGreaterThan(500);
    // Month ticks never repeat: "avr. 2020", "mai", "juin", …
    const ticks = await figure.locator('svg[data-chart="line"] .axis.x text').allTextContents();
    expect(new Set(ticks).size).toBe(ticks.length);
    // The group picker needs JavaScript: without it the total stays, and no dead control shows.
    expect(await figure.locator('form.group-picker').isVisible()).toBe(false);
    await context.close();
  });

  it("picks a département by name: the chart is redrawn with that group's values, then the total again", async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/en${HOSPITAL}`);
    const figure = page.locator('figure.chart').nth(1);
    const yTicks = async () => (await figure.locator('svg[data-chart="line"] .axis.y text').allTextContents()).map((t) => Number(t.replace(/[^\d.]/g, '')));
    const totalTop = Math.max(...(await yTicks()));
    const totalPath = await figure.locator('svg[data-chart="line"] path.series').getAttribute('d');
    await figure.locator('select').selectOption({ label: 'Paris' });
    await figure.locator('svg[data-chart="line"] title', { hasText: 'Paris' }).waitFor({ state: 'attached' });
    expect(await figure.getAttribute('data-group')).toBe('75');
    expect(await figure.locator('.group-status').textContent()).toContain('Paris');
    // The values drawn are Paris's, from the chart's group data: the axis covers its maximum and
    // is far below the national total's.
    const groups = (await (await fetch(`${server.url}${HOSPITAL}_preview/chart-1.json`)).json()) as Record<string, [number, number][][]>;
    const paris = groups['75']![0]!;
    const top = Math.max(...(await yTicks()));
    expect(top).toBeGreaterThanOrEqual(Math.max(...paris.map(([, y]) => y)));
    expect(top).toBeLessThan(totalTop);
    expect(await figure.locator('svg[data-chart="line"] path.series').getAttribute('d')).not.toBe(totalPath);
    await figure.locator('select').selectOption('');
    await page.waitForFunction(() => document.querySelectorAll('figure.chart')[1]?.getAttribute('data-group') === '');
    expect(await figure.locator('svg[data-chart="line"] path.series').getAttribute('d')).toBe(totalPath);
    await page.close();
  });

  it('shows the map with every département, keyboard focus details and a date selector', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}${HOSPITAL}`);
    const map = page.locator('.choropleth');
    expect(await map.locator('path[data-key]').count()).toBe(101);
    await map.locator('path[data-key="75"]').focus();
    expect(await map.locator('[data-detail]').textContent()).toMatch(/^Paris \(75\)\s?: \d+/);
    const range = map.locator('input[type=range]');
    expect(await range.isVisible()).toBe(true);
    const fillsOf = () => map.locator('path[data-key]').evaluateAll((ps) => ps.map((p) => p.getAttribute('fill')));
    const fills = await fillsOf();
    await range.fill('0');
    expect(await map.locator('output').textContent()).toMatch(/2020/);
    expect(await fillsOf()).not.toEqual(fills); // Paris is the darkest on both days: its colour may not change, the map's does
    await page.close();
  });

  it('colours the map by quantiles of the day shown, and its summary and legend follow the date selector', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/en${HOSPITAL}`);
    const map = page.locator('.choropleth');
    const fills = async () => map.locator('path[data-key]').evaluateAll((ps) => ps.map((p) => p.getAttribute('fill')));
    const most = (all: (string | null)[]) => Math.max(...[...new Set(all)].map((f) => all.filter((x) => x === f).length));
    // 15 November, from the CSV (sexe = 0): Paris highest with 323, Guyane lowest with 0. Linear
    // classes over every day put almost every département in the palest class; quantiles spread
    // the 101 over five colour-blind-safe colours, about a fifth each.
    const latest = await fills();
    expect(new Set(latest).size).toBe(5);
    expect(most(latest)).toBeLessThanOrEqual(30);
    expect(await map.locator('[data-summary]').textContent()).toBe('Intensive care on November 15, 2020: highest in Paris (323), lowest in Guyane (0).');
    expect(await map.locator('.map-legend li').last().textContent()).toBe('no value');
    expect(await map.locator('.map-legend li').nth(-2).textContent()).toBe('75 – 323'); // the real maximum closes the legend
    // 18 March, the first day: Paris highest with 105; the sentence, the legend and the classes are that day's.
    await map.locator('input[type=range]').fill('0');
    const summary = await map.locator('[data-summary]').textContent();
    expect(summary).toMatch(/^Intensive care on March 18, 2020: highest in Paris \(105\), lowest in .+ \(0\)\.$/);
    expect(await map.locator('svg.map-svg').getAttribute('aria-label')).toBe(summary);
    expect(await map.locator('.map-legend li').nth(-2).textContent()).toMatch(/ – 105$/);
    expect(most(await fills())).toBeLessThan(101);
    await page.close();
  });

  it('reads the table preview and the chart data with JavaScript off', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.url}/en${HOSPITAL}`);
    const rows = page.locator('.preview-rows tbody tr');
    expect(await rows.count()).toBe(100);
    expect(await page.locator('.preview-rows thead th').first().textContent()).toContain('Département');
    expect(await page.locator('.chart-summary').first().textContent()).toMatch(/^Patients in hospital: from/); // dataset.yaml's English column title, not the schema's French
    await page.locator('details.chart-data summary').first().click();
    expect(await page.locator('details.chart-data tbody tr').first().isVisible()).toBe(true);
    expect(await page.locator('.choropleth path[data-key]').count()).toBe(101);
    await context.close();
  });

  it('gives a dataset without charts its default chart: the vaccination centres on a map', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/datasets/centres-vaccination/`);
    const figure = page.locator('figure.chart').first();
    expect(await figure.locator('svg.points-svg circle').count()).toBeGreaterThan(500);
    expect(await figure.locator('svg.points-svg path.region').count()).toBe(101);
    expect(await page.locator('script[type=module], astro-island').count()).toBe(0);
    await page.screenshot({ path: join(dist, '..', 'preview-points.png') }).catch(() => undefined);
    await page.close();
  });

  it('downloads: spreadsheet CSV with BOM, typed JSON, datapackage.json; the original unchanged', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}${HOSPITAL}`);
    const links = await page.locator('.downloads a').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).pathname));
    expect(links).toEqual(expect.arrayContaining([expect.stringMatching(/\.spreadsheet\.csv$/), expect.stringMatching(/\.rows\.json$/), `${HOSPITAL}datapackage.json`]));
    for (const link of links) expect((await fetch(`${server.url}${link}`)).status, link).toBe(200);
    const original = readFileSync(join(ROOT, 'content/datasets/donnees-hospitalieres-covid19/donnees-hospitalieres-covid19-2020-11-15-19h55.csv'));
    const served = Buffer.from(await (await fetch(`${server.url}${HOSPITAL}files/donnees-hospitalieres-covid19-2020-11-15-19h55.csv`)).arrayBuffer());
    expect(served.equals(original)).toBe(true);
    const sheet = Buffer.from(await (await fetch(`${server.url}${links.find((l) => l.endsWith('.spreadsheet.csv'))}`)).arrayBuffer());
    expect([...sheet.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(sheet.toString('utf8', 3, 40)).toMatch(/^dep;sexe;jour;hosp;rea/);
    await page.close();
  });

  it('has no axe-core violations on the page with charts and a map', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}${HOSPITAL}`);
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });
});

describe('a dataset page rendered on demand, in Chromium', () => {
  let onDemand = '';
  let served: RunningServer | undefined;
  beforeAll(async () => {
    onDemand = distDir();
    const build = buildPortal(join(ROOT, 'content'), onDemand, { PORTAL_ON_DEMAND_DATASETS_ABOVE: '0' });
    if (build.status !== 0) throw new Error(`building the example content with its dataset pages on demand failed:\n${build.output}`);
    served = await startServer(onDemand);
  }, 300_000);
  afterAll(async () => {
    await served?.stop();
    if (onDemand) removeDir(onDemand);
  });

  it('reads without JavaScript, its charts and map drawn as SVG, with no axe-core violation', async () => {
    expect(existsSync(join(onDemand, 'client', ...HOSPITAL.split('/').filter(Boolean), 'index.html'))).toBe(false);
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1200, height: 800 } });
    const page = await context.newPage();
    const answer = await page.goto(`${served!.url}${HOSPITAL}`);
    expect(answer!.status()).toBe(200);
    expect(answer!.headers()['etag']).toMatch(/^W\//);
    const figure = page.locator('figure.chart').nth(1);
    expect(await figure.locator('svg[data-chart="line"] path.series').isVisible()).toBe(true);
    expect((await figure.locator('svg[data-chart="line"] path.series').getAttribute('d'))!.length).toBeGreaterThan(500);
    expect(await page.locator('.choropleth path[data-key]').count()).toBe(101);
    expect(await page.locator('.choropleth svg').isVisible()).toBe(true);
    expect(await page.locator('h1').textContent()).toBeTruthy();
    await context.close();
    // axe-core runs in the page: with JavaScript on.
    const checked = await browser.newPage();
    await checked.goto(`${served!.url}${HOSPITAL}`);
    expect(await axeViolations(checked)).toEqual([]);
    await checked.close();
  });
});
