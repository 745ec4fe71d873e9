// Phone benchmark rows for `npm run bench`: what a citizen on a mid-range phone waits for.
// Debian's Chromium at 390 × 844, throttled through the DevTools protocol (1.6 Mbit/s down,
// 750 kbit/s up, 150 ms round trip, 4× CPU slowdown: Lighthouse's "slow 4G" mobile profile),
// loads each page cold (a new browser context, so no cache) and reports largest contentful
// paint, cumulative layout shift and the bytes that crossed the network.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { benchDir } from './temp.ts';
import { startBenchServer, type BenchServer } from './server.ts';
import { removeBuilds } from '../../src/server/builds.ts';

export interface PhoneProfile {
  width: number;
  height: number;
  /** Bytes per second. */
  download: number;
  upload: number;
  /** Round trip, ms. */
  latency: number;
  cpuSlowdown: number;
}

export const PHONE: PhoneProfile = {
  width: 390,
  height: 844,
  download: (1.6 * 1024 * 1024) / 8,
  upload: (750 * 1024) / 8,
  latency: 150,
  cpuSlowdown: 4,
};

export interface PageMeasure {
  /** Largest contentful paint, ms after navigation start. */
  lcp: number;
  /** Cumulative layout shift (shifts without recent input), after load and a short settle. */
  cls: number;
  /** Bytes received over the network (headers included), every request of the page. */
  bytes: number;
  requests: number;
  /** With `draw`: the same, once the reader scrolled to the first chart and it is drawn. */
  drawn?: { cls: number; bytes: number; requests: number };
}

// Observers registered before any page script runs; buffered so entries before registration count.
const OBSERVE = `
  window.__phone = { lcp: 0, cls: 0 };
  new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__phone.lcp = e.startTime; }).observe({ type: 'largest-contentful-paint', buffered: true });
  new PerformanceObserver((l) => { for (const e of l.getEntries()) if (!e.hadRecentInput) window.__phone.cls += e.value; }).observe({ type: 'layout-shift', buffered: true });
`;

/** Load `url` cold on the throttled phone and measure it. */
export async function measurePhonePage(browser: Browser, url: string, draw?: string, profile: PhoneProfile = PHONE, settleMs = 1500): Promise<PageMeasure> {
  const context = await browser.newContext({ viewport: { width: profile.width, height: profile.height }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: profile.latency, downloadThroughput: profile.download, uploadThroughput: profile.upload });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: profile.cpuSlowdown });
    let bytes = 0;
    let requests = 0;
    cdp.on('Network.loadingFinished', (e: { encodedDataLength: number }) => {
      bytes += e.encodedDataLength;
      requests++;
    });
    await page.addInitScript(OBSERVE);
    await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
    // Islands hydrate after load (client:visible, client:load): let them settle, then read.
    await page.waitForTimeout(settleMs);
    const m = (await page.evaluate('window.__phone')) as { lcp: number; cls: number };
    const out: PageMeasure = { lcp: m.lcp, cls: m.cls, bytes, requests };
    if (draw) {
      // Scroll to the first chart and wait until it is drawn (SVG from the build, or a chart
      // island that draws when visible), and count what that cost and whether it moved anything.
      await page.locator(draw).first().scrollIntoViewIfNeeded();
      await page.locator(`${draw} svg`).first().waitFor({ timeout: 120_000 });
      await page.waitForTimeout(settleMs);
      const after = (await page.evaluate('window.__phone')) as { cls: number };
      out.drawn = { cls: after.cls, bytes, requests };
    }
    return out;
  } finally {
    await context.close();
  }
}

/** The median run of each metric over `runs` cold loads (the machine is shared: one load is noisy). */
export async function medianPhonePage(browser: Browser, url: string, draw?: string, runs = 3): Promise<PageMeasure> {
  const all: PageMeasure[] = [];
  for (let i = 0; i < runs; i++) all.push(await measurePhonePage(browser, url, draw));
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const drawn = all.every((m) => m.drawn)
    ? { cls: median(all.map((m) => m.drawn!.cls)), bytes: median(all.map((m) => m.drawn!.bytes)), requests: median(all.map((m) => m.drawn!.requests)) }
    : undefined;
  return { lcp: median(all.map((m) => m.lcp)), cls: median(all.map((m) => m.cls)), bytes: median(all.map((m) => m.bytes)), requests: median(all.map((m) => m.requests)), drawn };
}

export interface PhoneBenchOptions {
  root: string;
  log: (s: string) => void;
  /** An existing build of the example content to measure instead of building one. */
  dist?: string;
}

/** The pages a phone user opens first: [row label, path, the chart to scroll to and wait for]. */
export const PHONE_PAGES: [string, string, string?][] = [
  ['home', '/'],
  ['catalog', '/datasets/'],
  ['chart dataset page (donnees-hospitalieres-covid19)', '/datasets/donnees-hospitalieres-covid19/', 'figure.chart'],
];

const fmtKB = (b: number): string => `${(b / 1000).toFixed(1)} kB`;

export async function phoneRows(o: PhoneBenchOptions): Promise<string[][]> {
  const rows: string[][] = [];
  const built = o.dist ? undefined : benchDir('bench-phone-dist-');
  const dist = o.dist ?? built!;
  let server: BenchServer | undefined;
  let browser: Browser | undefined;
  try {
    if (built) {
      o.log('building the example content for the phone profile…');
      const b = spawnSync(process.execPath, [join(o.root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(o.root, 'scripts', 'build.ts')], {
        cwd: o.root,
        env: { ...process.env, PORTAL_CONTENT: join(o.root, 'content'), PORTAL_DIST: built, ASTRO_TELEMETRY_DISABLED: '1' },
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      });
      if (b.status !== 0) throw new Error(`build of the example content failed:\n${b.stdout}${b.stderr}`);
    }
    server = await startBenchServer(dist);
    const url = server.url;
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking'],
    });
    const pages: [string, string, string?][] = [...PHONE_PAGES];
    // Dashboards come with their own route; measured once the portal has one.
    const dashboards = await fetch(`${url}/dashboards/`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (dashboards) pages.push(['dashboards', '/dashboards/']);
    for (const [label, path, draw] of pages) {
      o.log(`phone profile: ${path}…`);
      const m = await medianPhonePage(browser, `${url}${path}`, draw);
      const cls = Math.max(m.cls, m.drawn?.cls ?? 0);
      const ok = m.lcp <= 2500 && cls <= 0.1;
      const drawn = m.drawn ? `; first chart drawn after scrolling to it: ${fmtKB(m.drawn.bytes)} in ${m.drawn.requests} requests, CLS ${m.drawn.cls.toFixed(3)}` : '';
      rows.push([
        `phone, ${label}`,
        `LCP ${(m.lcp / 1000).toFixed(2)} s`,
        '',
        `CLS ${m.cls.toFixed(3)}; ${fmtKB(m.bytes)} transferred in ${m.requests} requests on arrival${drawn} (uncompressed: the Node server does not gzip)`,
        ok ? 'within budget' : 'OVER BUDGET',
        'LCP ≤ 2.5 s, CLS ≤ 0.1',
      ]);
    }
    if (!dashboards) rows.push(['phone, dashboard page', '', '', 'no /dashboards/ route in this build', '', 'LCP ≤ 2.5 s, CLS ≤ 0.1']);
  } finally {
    await browser?.close();
    await server?.stop();
    if (built) removeBuilds(built);
  }
  return rows;
}
