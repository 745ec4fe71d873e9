// A citizen on a phone (390 × 844, Chromium), with JavaScript on and off, on the example
// content: the catalog's first result and the hospital page's first chart come early, no page
// scrolls sideways, filters and every keyword are reachable (by keyboard too), values read as
// people read them, and axe-core finds nothing.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../helpers/browser.ts';
import { exampleBuild } from '../helpers/example-build.ts';
import { startServer, type RunningServer } from '../helpers/portal.ts';
import { axeViolations } from '../helpers/axe.ts';

const PHONE = { width: 390, height: 844 };
const HOSPITAL = '/datasets/donnees-hospitalieres-covid19/';

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer(exampleBuild());
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function phone(js: boolean): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: PHONE, javaScriptEnabled: js });
  return { context, page: await context.newPage() };
}

/** With JavaScript on, wait until every island has hydrated (Astro drops their `ssr` attribute). */
async function hydrated(page: Page, js: boolean): Promise<void> {
  if (js) await page.waitForFunction(() => document.querySelectorAll('astro-island[ssr]').length === 0);
}

/** Distance from the top of the document to the top of the first match, in CSS pixels. */
const topOf = (page: Page, selector: string) =>
  page
    .locator(selector)
    .first()
    .evaluate((e) => e.getBoundingClientRect().top + window.scrollY);

describe.each([true, false])('on a phone, JavaScript %s', (js) => {
  it('shows the first catalog result within the first screen', async () => {
    const { context, page } = await phone(js);
    for (const path of ['/datasets/', '/en/datasets/', '/datasets/?q=covid', '/datasets/?sector=health&tag=covid-19']) {
      await page.goto(`${server.url}${path}`);
      expect(await topOf(page, '.dataset-list > li'), path).toBeLessThan(PHONE.height);
    }
    await context.close();
  });

  it('shows the first chart of the hospital page within two screens, in both languages', async () => {
    const { context, page } = await phone(js);
    for (const path of [HOSPITAL, `/en${HOSPITAL}`]) {
      await page.goto(`${server.url}${path}`);
      expect(await topOf(page, 'figure.chart'), path).toBeLessThan(2 * PHONE.height);
      // The lead comes first: one sentence, the date of the latest data, the main download.
      expect(await topOf(page, '.main-download a[download]'), path).toBeLessThan(await topOf(page, 'figure.chart'));
    }
    expect(await page.locator('.dataset-lead').textContent()).toMatch(/Data up to (15 November|November 15,) 2020/);
    await context.close();
  });

  it('never scrolls sideways, whatever the page', async () => {
    const { context, page } = await phone(js);
    const paths = [
      '/',
      '/en/',
      '/datasets/',
      '/datasets/?sector=health',
      HOSPITAL,
      `/en${HOSPITAL}`,
      '/datasets/cantines-teledeclarations-2021/',
      '/datasets/centres-vaccination/',
      '/datasets/lits-reanimation-etablissements/',
      '/datasets/fontaines-eau-potable/',
      '/publishers/',
      '/publishers/sante-publique-france/',
      '/sectors/',
      '/sectors/health/',
      '/reporting/',
      '/no-such-page/',
    ];
    for (const path of paths) {
      await page.goto(`${server.url}${path}`);
      // Open every disclosure: folded content must fit too.
      await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true))).catch(() => undefined);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
    }
    await context.close();
  });

  it('folds the filters into one line with the active filters as removable chips', async () => {
    const { context, page } = await phone(js);
    await page.goto(`${server.url}/datasets/?sector=health&tag=covid-19`);
    await hydrated(page, js);
    const summary = page.locator('details.filters > summary');
    expect(await summary.textContent()).toBe('Filtres (2)');
    expect(await page.locator('details.filters').getAttribute('open')).toBeNull();
    // The apply button is there only while JavaScript is off (the island applies filters itself).
    await summary.click();
    expect(await page.getByRole('button', { name: 'Appliquer les filtres' }).count()).toBe(js ? 0 : 1);
    // A chip is a plain link to the same search without that filter.
    const chip = page.locator('.chips a', { hasText: 'covid-19' });
    expect(await chip.getAttribute('href')).toBe('/datasets/?sector=health');
    await chip.click();
    await page.waitForURL(/\/datasets\/\?sector=health$/);
    await page.locator('.chips a', { hasText: 'covid-19' }).waitFor({ state: 'detached' });
    expect(await page.locator('details.filters > summary').textContent()).toBe('Filtres (1)');
    await context.close();
  });

  it('reaches every keyword by keyboard, through the "more" disclosure', async () => {
    const { context, page } = await phone(js);
    await page.goto(`${server.url}/datasets/`);
    await hydrated(page, js);
    const tagCount = await page.locator('input[name=tag]').count();
    expect(await page.locator('details.more-values input[name=tag]').count()).toBeGreaterThan(0);
    // Tab to the filters disclosure, open it, then tab on to the "more keywords" disclosure.
    const focusOn = async (selector: string) => {
      for (let i = 0; i < 120; i++) {
        await page.keyboard.press('Tab');
        if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
      }
      throw new Error(`${selector} never got the focus`);
    };
    await focusOn('details.filters > summary');
    await page.keyboard.press('Enter');
    await focusOn('details.more-values > summary');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toMatch(/^\d+ autres mots-clés$/);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLInputElement;
      return { name: el.name, inMore: !!el.closest('details.more-values'), value: el.value };
    });
    expect(focused).toMatchObject({ name: 'tag', inMore: true });
    await page.keyboard.press('Space');
    if (js) await page.waitForURL(/tag=/);
    else {
      expect(await page.locator(`input[name=tag][value="${focused.value}"]`).isChecked()).toBe(true);
      await page.getByRole('button', { name: 'Appliquer les filtres' }).click();
      await page.waitForURL(/tag=/);
    }
    expect(await page.locator('.chips a').first().textContent()).toContain(focused.value);
    // Every keyword of the catalog is a checkbox somewhere: none left as plain text.
    expect(tagCount).toBeGreaterThan(12);
    await context.close();
  });
});

describe('values as people read them, on a phone', () => {
  it('labels codes and never groups the digits of years and identifiers', async () => {
    const { context, page } = await phone(false);
    await page.goto(`${server.url}${HOSPITAL}`);
    const firstRow = await page.locator('.preview-rows tbody tr').first().locator('td').allTextContents();
    expect(firstRow.slice(0, 2)).toEqual(['Ain', 'Ensemble']); // the département as the map names it
    expect(await page.locator('.chart-note').first().textContent()).toBe('Lignes où Sexe = Ensemble.');
    await page.goto(`${server.url}/en${HOSPITAL}`);
    // The column's English title from dataset.yaml (the schema's title is French only).
    expect(await page.locator('.chart-note').first().textContent()).toBe('Rows where Sex = Everyone.');
    await page.goto(`${server.url}/datasets/cantines-teledeclarations-2021/`);
    const header = await page.locator('.preview-rows thead th').allTextContents();
    const cells = await page.locator('.preview-rows tbody tr').first().locator('td').allTextContents();
    const col = (prefix: string) => cells[header.findIndex((h) => h.startsWith(prefix))]!;
    expect(col('Année')).toBe('2021');
    expect(col('Identifiant Télédéclaration')).toMatch(/^\d+$/);
    await page.goto(`${server.url}/en/datasets/lits-reanimation-etablissements/`);
    expect(await page.locator('.preview-rows tbody').textContent()).toMatch(/moderate|low|high|critical/);
    expect(await page.locator('.preview-rows thead').textContent()).toContain('(beds)');
    await context.close();
  });

  it('stacks the data dictionary into entries', async () => {
    const { context, page } = await phone(false);
    await page.goto(`${server.url}${HOSPITAL}`);
    await page.locator('details.dictionary > summary').first().click();
    const row = page.locator('details.dictionary table.stack tbody tr').first();
    expect(await row.evaluate((e) => getComputedStyle(e).display)).toBe('block');
    expect(await page.locator('details.dictionary').first().textContent()).toContain('0 = Ensemble, 1 = Hommes, 2 = Femmes');
    await context.close();
  });
});

describe('accessibility on a phone', () => {
  it.each([
    ['/datasets/', false],
    ['/datasets/?sector=health&tag=covid-19', true],
    [HOSPITAL, true],
    [HOSPITAL, false],
    ['/en/datasets/lits-reanimation-etablissements/', true],
  ])('%s (every disclosure open: %s) has no axe-core violations', async (path, open) => {
    // axe runs in the page, so JavaScript stays on; with `open`, every disclosure is unfolded first.
    const { context, page } = await phone(true);
    await page.goto(`${server.url}${path}`);
    if (open) await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });
});
