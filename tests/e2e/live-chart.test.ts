// The chart of a live dataset in Chromium: SVG drawn at build (visible without JavaScript); with
// JavaScript it loads the current rows, then redraws when rows are pushed (through the API and
// through the reporting form) or retracted, without a reload, adding days up with the dataset's policy for
// missing reporters, and announces the update in a polite status.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { axeViolations } from '../helpers/axe.ts';
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

const box = 'figure.chart .live-chart';

async function chartState(page: Page) {
  return page.$eval(box, (el) => ({
    rows: Number(el.getAttribute('data-rows')),
    points: Number(el.getAttribute('data-points')),
    path: el.querySelector('svg[data-chart="line"] path.series')?.getAttribute('d') ?? '',
    carried: el.querySelectorAll('svg[data-chart="line"] circle.carried').length,
    reporting: el.querySelector('[data-live-reporting]')?.textContent?.trim() ?? '',
    table: el.querySelector('tbody')?.textContent ?? '',
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

const rowsAre = (page: Page, n: number) => page.waitForFunction(([sel, n]) => document.querySelector(sel)?.getAttribute('data-rows') === n, [box, String(n)] as const, { timeout: 5000 });

// lits.csv: H01 reports 1 and 2 November, H02 1 and 3 November; the dataset's policy is
// {carry-forward: 1}: a hospital that has not reported counts with its last value for one day.
it('the SVG chart of an open dataset page follows the policy and redraws as rows arrive, without a reload', async () => {
  // Pushed before the page opens: in the chart from the start (the static build has 4 rows).
  await push([{ etablissement: 'H01', jour: '2020-11-03', lits_occupes: 15, lits_total: 20 }]);
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  await page.goto(`${server.url}/datasets/${SLUG}/`);
  await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
  expect(await page.textContent('figure.chart')).toContain('En direct');
  // No chart library: the SVG is the build's, redrawn by a small script.
  expect(await page.locator('figure.chart .recharts-surface').count()).toBe(0);
  await page.waitForSelector(`${box}[data-live="live"]`, { timeout: 15_000 });
  const before = await chartState(page);
  expect(before.rows).toBe(5);
  expect(before.status).toBe('');
  // 3 November: 15 (H01) + 7 (H02), both reported; 2 November: 14 + H02's 5 carried forward.
  expect(before.reporting).toBe('Déclarations pour le 3 novembre 2020 : 2 sur 2 déclarants.');
  expect(before.table).toContain('22');
  expect(before.table).toMatch(/1 sur 2 \(avec des dernières valeurs reportées\)/);

  // 4 November, only H01: H02's 7 of 3 November carried forward, drawn as an open circle.
  await push([{ etablissement: 'H01', jour: '2020-11-04', lits_occupes: 16, lits_total: 20 }]);
  await rowsAre(page, 6);
  const after = await chartState(page);
  expect(after.points).toBeGreaterThan(before.points);
  expect(after.path).not.toBe(before.path);
  expect(after.carried).toBeGreaterThan(before.carried);
  expect(after.status).toMatch(/^Mis à jour à \d{1,2}:\d{2}/);
  expect(after.reporting).toBe('Déclarations pour le 4 novembre 2020 : 1 sur 2 déclarants.');
  expect(after.table).toContain('23');
  // The summary sentence follows the redrawn chart.
  expect(await page.textContent(`${box} [data-live-summary]`)).toMatch(/au 4 nov\. 2020, .*dernière valeur 23\.$/);

  // 5 November, only H01 again: H02's last value is two days old, so no figure (not a fake fall to 17).
  await push([{ etablissement: 'H01', jour: '2020-11-05', lits_occupes: 17, lits_total: 20 }]);
  await rowsAre(page, 7);
  const lastRow = await page.$eval(`${box} tbody tr:last-child`, (tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent));
  expect(lastRow.slice(0, 2)).toEqual(['', '']);

  // The reporting form, in another tab, feeds the same open page: H02 completes 5 November.
  const form = await browser.newPage();
  await form.goto(`${server.url}/report/${SLUG}/`);
  await form.fill('#token', token);
  await form.click('button:has-text("Se connecter")');
  await form.fill('#f-etablissement', 'H02');
  await form.fill('#f-jour', '2020-11-05');
  await form.fill('#f-lits_occupes', '4');
  await form.fill('#f-lits_total', '8');
  await form.click('button:has-text("Enregistrer ces chiffres")');
  expect(await form.textContent('.stored')).toContain('Enregistré');
  await rowsAre(page, 8);
  const completed = await page.$eval(`${box} tbody tr:last-child`, (tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent));
  expect(completed.slice(0, 2)).toEqual(['21', '28']);

  // H02 retracts that row: it leaves the open page, and 5 November has no figure again.
  const retracted = await fetch(`${server.url}/api/datasets/${SLUG}/rows`, {
    method: 'DELETE',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ keys: [{ etablissement: 'H02', jour: '2020-11-05' }], reason: 'wrong day' }),
  });
  expect(await retracted.json()).toEqual({ retracted: 1 });
  await rowsAre(page, 7);
  const withdrawn = await page.$eval(`${box} tbody tr:last-child`, (tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent));
  expect(withdrawn.slice(0, 2)).toEqual(['', '']);

  expect(await axeViolations(page)).toEqual([]);
  // Never reloaded.
  expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
  await form.close();
  await page.close();
});

it('without JavaScript the live chart is the SVG drawn at build, with its table and reporting sentence', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${server.url}/datasets/${SLUG}/`);
  const svg = page.locator(`${box} svg[data-chart="line"]`);
  expect(await svg.isVisible()).toBe(true);
  expect((await svg.boundingBox())!.height).toBeGreaterThan(100);
  expect((await page.getAttribute(`${box} svg path.series`, 'd'))!.length).toBeGreaterThan(10);
  expect(await page.textContent(`${box} .chart-summary`)).toBeTruthy();
  expect(await page.textContent(`${box} [data-live-reporting]`)).toMatch(/Déclarations pour le 3 novembre 2020 : \d sur 2 déclarants/);
  expect(await page.getAttribute('.live-table-note a[type="text/csv"]', 'href')).toBe(`/api/datasets/${SLUG}/rows?format=csv`);
  await context.close();
});
