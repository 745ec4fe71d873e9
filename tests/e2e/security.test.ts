// The HTTP rules seen from Chromium: publisher files never run script on the portal's origin,
// and every kind of page runs under the Content-Security-Policy with zero violations.
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser } from '../helpers/browser.ts';
import { createToken, sqliteState, type LiveState } from '../helpers/live.ts';
import { buildPortal, removeDir, startServer, type RunningServer } from '../helpers/portal.ts';

const SLUG = 'lits-reanimation';
let browser: Browser;
let state: LiveState;
let server: RunningServer;
let hostile: RunningServer;
let hostileDist = '';
let token = '';

beforeAll(async () => {
  const build = buildPortal(join(import.meta.dirname, '..', 'fixtures', 'portal-security'));
  if (build.status !== 0) throw new Error(`build failed:\n${build.output}`);
  hostileDist = build.dist;
  state = sqliteState();
  token = createToken(state, 'hopital-test').token;
  server = await startServer(inject('fixtureDist'), state.env);
  hostile = await startServer(hostileDist, sqliteState().env);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await hostile?.stop();
  await state?.cleanup();
  if (hostileDist) removeDir(hostileDist);
});

/** Every CSP violation a page reports, from the DOM event and from the console. */
async function watched(context: BrowserContext): Promise<{ page: Page; violations: string[] }> {
  const violations: string[] = [];
  await context.exposeBinding('__cspViolation', (_source, text: string) => void violations.push(text));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __cspViolation: (t: string) => void }).__cspViolation(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (/Content Security Policy|Content-Security-Policy/i.test(m.text())) violations.push(`console: ${m.text()}`);
  });
  return { page, violations };
}

describe('publisher files', () => {
  it.each(['report.html', 'map.svg'])('opening %s runs none of its script on the portal origin', async (name) => {
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    const calls: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('pwned')) calls.push(r.url());
    });
    await page.goto(`${hostile.url}/datasets/hostile/`);
    const href = await page.getAttribute(`a[href$="/${name}"]`, 'href');
    expect(href).toBeTruthy();
    // Opened directly (a link, a bookmark): a download, never a document of the portal.
    const download = page.waitForEvent('download', { timeout: 10_000 });
    await page.goto(`${hostile.url}${href}`).catch(() => undefined);
    expect((await download).suggestedFilename()).toBe(name);
    // Embedded by a page of the portal's origin, it still cannot act as the portal.
    await page.goto(`${hostile.url}/datasets/hostile/`);
    await page.evaluate((src) => {
      const frame = document.createElement('iframe');
      frame.src = src;
      document.body.append(frame);
      const img = document.createElement('img');
      img.src = src;
      document.body.append(img);
    }, href!);
    await page.waitForTimeout(1000);
    expect(calls).toEqual([]);
    expect(await page.evaluate(() => document.cookie)).not.toContain('pwned');
    expect((await context.cookies()).map((c) => c.name)).not.toContain('pwned');
    await context.close();
  });
});

describe('Content-Security-Policy', () => {
  const pages: [string, () => string][] = [
    ['home', () => `${server.url}/`],
    ['home in English', () => `${server.url}/en/`],
    ['catalog', () => `${server.url}/datasets/`],
    ['catalog with a query', () => `${server.url}/datasets/?q=lits`],
    ['dataset page with a chart', () => `${server.url}/datasets/${SLUG}/`],
    ['dataset page with a chart and a map', () => `${hostile.url}/datasets/zones/`],
    ['sector', () => `${server.url}/sectors/health/`],
    ['publisher', () => `${server.url}/publishers/hopital-test/`],
    ['reporting status', () => `${server.url}/reporting/`],
    ['report form, signed out', () => `${server.url}/report/${SLUG}/`],
    ['404', () => `${server.url}/no-such-page/`],
  ];

  it.each(pages)('%s: no violation', async (_name, url) => {
    const context = await browser.newContext();
    const { page, violations } = await watched(context);
    const res = await page.goto(url());
    expect(res?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.waitForLoadState('networkidle');
    // Scroll so client:visible islands hydrate.
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await page.waitForTimeout(800);
    expect(violations).toEqual([]);
    await context.close();
  });

  it('scripts really run under the policy: the catalog searches as you type, the live chart connects', async () => {
    const context = await browser.newContext();
    const { page, violations } = await watched(context);
    await page.goto(`${server.url}/en/datasets/`);
    // Hydrated: the island's script ran under the policy.
    await page.waitForSelector('astro-island:not([ssr])');
    const searched = page.waitForResponse((r) => r.url().includes('/api/search'), { timeout: 15_000 });
    await page.getByLabel('Search the datasets').pressSequentially('lits', { delay: 30 });
    expect((await searched).status()).toBe(200);
    // The live chart is server-rendered SVG; its module script (loaded from /_astro/, allowed by
    // the policy) reads the rows and opens the event stream: it marks the chart as live.
    await page.goto(`${server.url}/datasets/${SLUG}/`);
    await page.waitForSelector('.live-chart[data-live="live"], .live-chart[data-live="loaded"]', { state: 'attached', timeout: 15_000 });
    expect(violations).toEqual([]);
    await context.close();
  });

  it('report form, signed in: no violation', async () => {
    const context = await browser.newContext();
    const { page, violations } = await watched(context);
    await page.goto(`${server.url}/report/${SLUG}/`);
    await page.fill('#token', token);
    await page.click('button:has-text("Se connecter")');
    expect(await page.textContent('form.signout')).toContain('Se déconnecter');
    await page.fill('#f-etablissement', 'H55');
    await page.fill('#f-jour', '2020-12-09');
    await page.fill('#f-lits_occupes', '3');
    await page.fill('#f-lits_total', '9');
    await page.click('button:has-text("Enregistrer ces chiffres")');
    expect(await page.textContent('.stored')).toContain('Enregistré');
    expect(violations).toEqual([]);
    await context.close();
  });

  it('an injected inline script is blocked', async () => {
    const context = await browser.newContext();
    const { page, violations } = await watched(context);
    await page.goto(`${server.url}/`);
    await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__injected = true';
      document.body.append(s);
    });
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected)).toBeUndefined();
    expect(violations.some((v) => v.startsWith('script-src'))).toBe(true);
    await context.close();
  });
});
