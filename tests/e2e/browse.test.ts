import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser } from '../helpers/browser.ts';
import { startServer, type RunningServer } from '../helpers/portal.ts';
import { axeViolations } from '../helpers/axe.ts';

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'portal-valid');

let dist = '';
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  dist = inject('fixtureDist');
  server = await startServer(dist);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('a citizen browses the portal in Chromium', () => {
  it('goes home → dataset page → downloads the file', async () => {
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    expect(await page.locator('h1').textContent()).toBe('Portail de test');
    await page.getByRole('link', { name: 'Lits de réanimation' }).first().click();
    await page.waitForURL('**/datasets/lits-reanimation/');
    expect(await page.locator('h1').textContent()).toBe('Lits de réanimation');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /Télécharger Lits par jour/ }).click()]);
    expect(download.suggestedFilename()).toBe('lits.csv');
    const path = await download.path();
    expect(readFileSync(path).equals(readFileSync(join(FIXTURE, 'datasets/lits-reanimation/lits.csv')))).toBe(true);
    await context.close();
  });

  it('switches language and keeps the page', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/datasets/lits-reanimation/`);
    await page.getByRole('link', { name: 'English' }).click();
    await page.waitForURL('**/en/datasets/lits-reanimation/');
    expect(await page.locator('h1').textContent()).toBe('Intensive-care beds');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.close();
  });

  it('filters the catalog with JavaScript turned off', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.url}/datasets/`);
    await page.getByLabel(/Alimentation/).check();
    await page.getByRole('button', { name: 'Appliquer les filtres' }).click();
    await page.waitForURL(/sector=food/);
    expect(await page.locator('#results-count').textContent()).toBe('1 jeu de données trouvé');
    await context.close();
  });

  it('can be used with the keyboard: the skip link reaches the main content', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Aller au contenu');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    await page.close();
  });

  it.each(['/', '/en/', '/datasets/', '/datasets/lits-reanimation/', '/en/datasets/cantines/', '/publishers/hopital-test/', '/sectors/', '/no-such-page/'])(
    '%s has no axe-core violations',
    async (path) => {
      const page = await browser.newPage();
      await page.goto(`${server.url}${path}`);
      expect(await page.locator('h1').count()).toBe(1);
      expect(await axeViolations(page)).toEqual([]);
      await page.close();
    },
  );

  it('reads well on a phone: no horizontal scrolling', async () => {
    const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
    for (const path of ['/', '/datasets/lits-reanimation/', '/datasets/']) {
      await page.goto(`${server.url}${path}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
    }
    await page.close();
  });
});
