import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser } from '../helpers/browser.ts';
import { startServer, type RunningServer } from '../helpers/portal.ts';
import { axeViolations } from '../helpers/axe.ts';

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer(inject('fixtureDist'));
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('searching the catalog in Chromium', () => {
  it('types a query, ticks a facet, opens a result', async () => {
    const page = await browser.newPage();
    const requests: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/search')) requests.push(r.url());
    });
    await page.goto(`${server.url}/en/datasets/`);
    await page.waitForSelector('astro-island:not([ssr])');
    await page.getByLabel('Search the datasets').pressSequentially('reanimaton', { delay: 30 });
    await page.waitForFunction(() => document.querySelector('#results-count')?.textContent === '1 dataset found');
    // Debounced: typing 10 letters did not send 10 requests.
    expect(requests.length).toBeLessThan(5);
    expect(new URL(page.url()).searchParams.get('q')).toBe('reanimaton');
    expect(await page.locator('.dataset-item h3 a').first().textContent()).toBe('Intensive-care beds');
    // Screen readers hear the new count.
    expect(await page.locator('[aria-live="polite"]').textContent()).toBe('1 dataset found');

    await page.getByLabel('Search the datasets').fill('');
    await page.waitForFunction(() => document.querySelector('#results-count')?.textContent === '3 datasets found');
    await page.getByLabel(/^Food/).check();
    await page.waitForFunction(() => document.querySelector('#results-count')?.textContent === '1 dataset found');
    expect(new URL(page.url()).searchParams.getAll('sector')).toEqual(['food']);
    expect(await page.getByRole('link', { name: /Remove the filter Sector: Food/ }).count()).toBe(1);

    await page.locator('.dataset-item h3 a').first().click();
    await page.waitForURL('**/en/datasets/cantines/');
    expect(await page.locator('h1').textContent()).toBe('Cantines scolaires');
    await page.goBack();
    await page.waitForFunction(() => document.querySelector('#results-count')?.textContent === '1 dataset found');
    await page.close();
  });

  it('works with JavaScript turned off: the form submits and the server answers', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    await page.getByRole('searchbox', { name: 'Rechercher parmi les jeux de données' }).fill('gare');
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await page.waitForURL(/\/datasets\/\?q=gare/);
    expect(await page.locator('#results-count').textContent()).toBe('1 jeu de données trouvé');
    await page.getByLabel(/^Transports/).check();
    await page.getByRole('button', { name: 'Appliquer les filtres' }).click();
    await page.waitForURL(/sector=transport/);
    expect(await page.locator('.dataset-item h3 a').textContent()).toBe('Gares');
    await context.close();
  });

  it('the catalog with results has no axe-core violations', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/datasets/?q=lits&sector=health`);
    await page.waitForSelector('astro-island:not([ssr])');
    const violations = await axeViolations(page);
    expect(violations).toEqual([]);
    await page.close();
  });
});
