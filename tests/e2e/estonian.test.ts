// The Estonian portal a partner country gets from `npm run new-portal -- … --country EE
// --languages et,en`, browsed in Chromium: Estonian on every page (lang="et", no English or
// French UI text left), accessible (axe-core), and found by queries typed without diacritics.
import { dirname } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import en from '../../src/i18n/ui/en.json' with { type: 'json' };
import et from '../../src/i18n/ui/et.json' with { type: 'json' };
import fr from '../../src/i18n/ui/fr.json' with { type: 'json' };
import { launchBrowser } from '../helpers/browser.ts';
import { makeEstonianPortal } from '../helpers/estonian-portal.ts';
import { buildPortal, removeDir, startServer, type RunningServer } from '../helpers/portal.ts';
import { axeViolations } from '../helpers/axe.ts';

const PAGES = [
  '/',
  '/datasets/',
  '/datasets/example/',
  '/datasets/haiglaravi-parnumaa/',
  '/sectors/',
  '/sectors/health/',
  '/publishers/',
  '/publishers/example-agency/',
  '/datasets/?q=Parnumaa',
  '/no-such-page/',
];

// UI strings of the other languages that Estonian does not share: none may show on an Estonian page.
const etValues = new Set(Object.values(et));
const foreign = [...Object.values(en), ...Object.values(fr)]
  .flatMap((s) => s.split(/\{\w+\}/))
  .map((s) => s.trim().replace(/^[:,.]\s*|[:,.]$/g, ''))
  .filter((s) => s.length >= 4 && !etValues.has(s) && ![...etValues].some((v) => v.includes(s)));

let content = '';
let dist = '';
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  content = makeEstonianPortal();
  const built = buildPortal(content);
  dist = built.dist;
  if (built.status !== 0) throw new Error(built.output);
  server = await startServer(dist);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  removeDir(dist);
  removeDir(dirname(content));
});

describe('the Estonian portal in Chromium', () => {
  it.each(PAGES)('%s is Estonian, with no English or French UI text, and axe-clean', async (path) => {
    const page = await browser.newPage();
    await page.goto(`${server.url}${path}`);
    expect(await page.getAttribute('html', 'lang')).toBe('et');
    // The language switcher names English in English, on purpose: leave it out of the check.
    const text = await page.evaluate(() => {
      const body = document.body.cloneNode(true) as HTMLElement;
      body.querySelectorAll('[lang]:not([lang="et"])').forEach((n) => n.remove());
      return body.innerText;
    });
    const lines = text
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    const left = foreign.filter((s) => lines.includes(s) || (s.length >= 20 && text.includes(s)));
    expect(left, `foreign UI text on ${path}`).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });

  it.each([
    ['Parnumaa', 'Haiglaravi Pärnumaal'],
    ['Tooandja', 'Tööandjate töötasu hüvitis'],
  ])('typing "%s" without diacritics finds "%s"', async (query, title) => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/datasets/`);
    await page.waitForSelector('astro-island:not([ssr])');
    await page.getByRole('searchbox', { name: 'Otsi andmestikke' }).first().fill(query);
    await page.waitForFunction(() => document.querySelector('#results-count')?.textContent === 'Leiti 1 andmestik');
    expect(await page.locator('.dataset-item h3 a').first().textContent()).toBe(title);
    await page.close();
  });
});
