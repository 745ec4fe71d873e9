// Dashboard rows for `npm run bench -- --only dashboard`: what a dashboard costs the build, the
// JavaScript its pages ship, what a territory page (answered on demand) costs a request, and how
// long a pushed live row takes to reach the key figure in a browser. The example content is
// built without and with a dashboard of 6 indicators over the 101 départements (the example
// COVID-19 dashboard less the vaccination centres and the two rates), alternately, in three states
// that are the same for both variants (cold; data unchanged; dashboard edited), so the difference
// is the dashboard's own cost on the same machine state.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { removeBuilds } from '../../src/server/builds.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';
import { parse, stringify } from 'yaml';
import { runMeasured, type Measured } from './measure.ts';
import { pageJavaScript } from './preview.ts';
import { haveNginx, portalSite, startNginx } from '../../tests/helpers/nginx.ts';
import { benchDir } from './temp.ts';
import { startBenchServer, type BenchServer } from './server.ts';

export interface DashboardBenchOptions {
  root: string;
  log: (s: string) => void;
  /** Builds of each variant in each state (alternated; the median of the pairs' differences is the cost). */
  runs?: number;
  /** Pushes timed from the POST to the updated key figure. */
  pushes?: number;
}

const fmtS = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const fmtKB = (b: number): string => `${(b / 1000).toFixed(1)} kB`;
const fmtMB = (b: number): string => (b ? `${Math.round(b / 1048576).toLocaleString('en-US')} MB` : 'n/a');

interface Run {
  m: Measured;
  dist: string;
  /** CPU time of the build's whole process tree, ms. */
  cpu: number;
}
const ID = 'covid-19';
const LIVE = 'lits-occupes';
// Dropped to keep 6 indicators, the same ones as in earlier rows of docs/benchmarks.md.
const DROPPED = new Set(['centres-vaccination', 'hospitalises-taux', 'reanimation-taux']);

/** The example dashboard with 6 indicators: 4 hospital series, the live beds, the canteens. */
export function benchDashboard(exampleYaml: string): { yaml: string; indicators: number } {
  const doc = parse(exampleYaml) as { sections: { indicators: { id: string }[] }[] };
  for (const s of doc.sections) s.indicators = s.indicators.filter((i) => !DROPPED.has(i.id));
  doc.sections = doc.sections.filter((s) => s.indicators.length > 0);
  return { yaml: stringify(doc), indicators: doc.sections.reduce((n, s) => n + s.indicators.length, 0) };
}

/** Time spent rendering the static pages, in seconds, from the build's log. */
function pagesSeconds(output: string): number | undefined {
  const clean = output.replace(/\x1b\[[0-9;]*m/g, '');
  // The build renders the static pages itself (src/build/freeze.ts) and says how long it took.
  const ours = /static pages: \d+ rendered, \d+ unchanged, from the cache, in ([\d.]+) s/.exec(clean);
  if (ours) return Number(ours[1]);
  const m = /(?:prerendering|generating) static routes[\s\S]*?✓ Completed in ([\d.]+)(m?s)/.exec(clean);
  return m ? Number(m[1]) / (m[2] === 'ms' ? 1000 : 1) : undefined;
}

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.html'))
    .map((e) => join(e.parentPath, e.name));
}

/** Push `pushes` live rows one at a time; for each, ms from the POST to the card showing it. */
async function livePushes(root: string, dist: string, pushes: number, log: (s: string) => void): Promise<number[]> {
  const state = mkdtempSync(join(tmpdir(), 'bench-dashboard-state-'));
  let server: BenchServer | undefined;
  let browser: Browser | undefined;
  try {
    const env = { ...process.env, PORTAL_DIST: dist, PORTAL_STATE_DIR: state, DATABASE_URL: '' };
    const tok = spawnSync(process.execPath, [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(root, 'scripts', 'token.ts'), 'create', '--publisher', 'ministere-sante', '--json'], {
      cwd: root,
      env,
      encoding: 'utf8',
    });
    if (tok.status !== 0) throw new Error(`token: ${tok.stderr}`);
    const token = (JSON.parse(tok.stdout) as { token: string }).token;
    server = await startBenchServer(dist, { ...env, PORTAL_RATE_LIMIT: '0' });
    const url = server.url;
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
    const page = await browser.newPage();
    await page.goto(`${url}/dashboards/${ID}/`);
    const card = `.key-figure[data-indicator="${LIVE}"]`;
    // The card's value is recomputed in the page for every batch of rows (data-updated is set
    // after the value is written): the time of that write, on the same clock as the POST.
    await page.evaluate((sel) => {
      const el = document.querySelector<HTMLElement>(sel)!;
      const w = window as unknown as { __updates: number[] };
      w.__updates = [];
      new MutationObserver(() => w.__updates.push(Date.now())).observe(el, { attributes: true, attributeFilter: ['data-updated'] });
    }, card);
    await page.waitForTimeout(1000); // the event stream is open
    const csv = readFileSync(join(dist, 'client', 'datasets', 'lits-reanimation-etablissements', 'files', 'lits-reanimation.csv'), 'utf8')
      .trim()
      .split('\n');
    const last = csv
      .slice(1)
      .map((l) => l.split(','))
      .sort((a, b) => (a[2]! < b[2]! ? 1 : -1))[0]!;
    const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
    const delays: number[] = [];
    for (let i = 0; i < pushes; i++) {
      const seen = (await page.evaluate('window.__updates.length')) as number;
      const value = 100 + i;
      const t0 = Date.now();
      const res = await fetch(`${url}/api/datasets/lits-reanimation-etablissements/rows`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ rows: [{ etablissement: last[0], nom: last[1], jour: last[2], lits_occupes: value, lits_disponibles: 1, patients_covid: 1, tension: 'forte' }] }),
      });
      if (res.status !== 201) throw new Error(`push ${i}: ${res.status} ${await res.text()}`);
      await page.waitForFunction((n) => (window as unknown as { __updates: number[] }).__updates.length > n, seen, { timeout: 10_000 });
      const at = ((await page.evaluate('window.__updates')) as number[])[seen]!;
      delays.push(at - t0);
    }
    log(`  live: ${delays.length} pushes, value now ${await page.getAttribute(`${card} [data-value]`, 'value')}`);
    return delays;
  } finally {
    await browser?.close();
    await server?.stop();
    rmSync(state, { recursive: true, force: true });
  }
}

const rssOf = async (url: string) => Number(/^process_resident_memory_bytes(?:\{[^}]*\})? (\d+)/m.exec(await (await fetch(`${url}/metrics`)).text())?.[1] ?? NaN);

/**
 * The map at another day (`/dashboards/<id>/map/<indicator>/day/?day=…`, on demand, issue 9): ms
 * per answer, first (reads the figures file) then `days` other days each rendered anew, a 304,
 * its size, and the server's resident memory after answering every day of every mapped indicator
 * (the figures files kept are bounded: src/server/dashboard-day.ts).
 */
export async function mapDayTimes(
  dist: string,
  days = 40,
): Promise<{ first: number; median: number; p95: number; notModified: number; html: number; indicators: number; rssBefore: number; rssAfter: number; rssAgain: number; answers: number }> {
  const server = await startBenchServer(dist, { PORTAL_RATE_LIMIT: '0' });
  try {
    const maps = JSON.parse(readFileSync(join(dist, 'portal', 'dashboard-maps.json'), 'utf8')) as Record<string, { indicators: { id: string }[] }>;
    const dates = (indicator: string) => (JSON.parse(readFileSync(join(dist, 'client', 'dashboards', ID, 'figures', `${indicator}.json`), 'utf8')) as { dates: string[] }).dates;
    // Indicators with days (a count without dates, like the vaccination centres, has no other day).
    const mapped = maps[ID]!.indicators.map((i) => i.id).filter((i) => dates(i)[0] !== '');
    const address = (indicator: string, day: string) => `${server.url}/dashboards/${ID}/map/${indicator}/day/?day=${day}`;
    const timed = async (url: string, headers: Record<string, string> = {}) => {
      const t0 = performance.now();
      const res = await fetch(url, { headers });
      const body = await res.text();
      if (res.status !== 200 && res.status !== 304) throw new Error(`${url}: ${res.status}`);
      return { ms: performance.now() - t0, body, etag: res.headers.get('etag') ?? '' };
    };
    const rssBefore = await rssOf(server.url);
    const main = mapped[0]!;
    const all = dates(main);
    const first = await timed(address(main, all[0]!));
    const step = Math.max(1, Math.floor(all.length / days));
    const times: number[] = [];
    for (let i = step; i < all.length && times.length < days; i += step) times.push((await timed(address(main, all[i]!))).ms);
    times.sort((x, y) => x - y);
    const notModified = (await timed(address(main, all[0]!), { 'If-None-Match': first.etag })).ms;
    // Every day of every mapped indicator, twice: memory stays bounded whatever the readers choose
    // (the second pass adds nothing kept: what grows in the first is the heap V8 keeps for itself).
    let answers = 0;
    const everyDay = async () => {
      for (const indicator of mapped) {
        for (const day of dates(indicator)) {
          await timed(address(indicator, day));
          answers++;
        }
      }
      return rssOf(server.url);
    };
    const rssAfter = await everyDay();
    const rssAgain = await everyDay();
    return {
      first: first.ms,
      median: times[Math.floor(times.length / 2)]!,
      p95: times[Math.min(times.length - 1, Math.ceil(times.length * 0.95) - 1)]!,
      notModified,
      html: gzipSync(first.body).length,
      indicators: mapped.length,
      rssBefore,
      rssAfter,
      rssAgain,
      answers,
    };
  } finally {
    await server.stop();
  }
}

export interface TerritoryTimes {
  /** The first territory page of the build: reads the dashboard's runtime file, then renders. */
  first: number;
  /** Other territories, each rendered anew (the runtime file kept): median and p95. */
  median: number;
  p95: number;
  /** The same page again with its ETag: a 304. */
  notModified: number;
  /** Through deploy/nginx.conf: the first answer (a MISS, rendered) and the median of the same page again (HITs); undefined without nginx. */
  nginx?: { miss: number; hit: number };
  /** A per-territory figures file (CSV), first answer. */
  csv: number;
  pages: number;
  /** One page's HTML, for its JavaScript weight. */
  html: string;
}

/**
 * The territory pages (`/dashboards/<id>/<territory>/`, on demand since they left the build):
 * ms per answer from the real server, and behind nginx, which keeps each page for the build.
 */
export async function territoryTimes(dist: string, pages = 40): Promise<TerritoryTimes> {
  const server = await startBenchServer(dist, { PORTAL_RATE_LIMIT: '0' });
  try {
    const codes = (JSON.parse(readFileSync(join(dist, 'portal', 'dashboard-territories', `${ID}.json`), 'utf8')) as { territories: { code: string }[] }).territories.map((t) => t.code);
    const timed = async (url: string, headers: Record<string, string> = {}) => {
      const t0 = performance.now();
      const res = await fetch(url, { headers });
      const body = await res.text();
      if (res.status !== 200 && res.status !== 304) throw new Error(`${url}: ${res.status}`);
      return { ms: performance.now() - t0, body, etag: res.headers.get('etag') ?? '', cache: res.headers.get('x-cache-status') ?? '' };
    };
    const page = (base: string, code: string) => `${base}/dashboards/${ID}/${encodeURIComponent(code)}/`;
    const first = await timed(page(server.url, '75'));
    const times: number[] = [];
    for (const code of codes.filter((c) => c !== '75').slice(0, pages)) times.push((await timed(page(server.url, code))).ms);
    // The English pages too: every answer is a page rendered (nothing of the HTML is kept by the server).
    for (const code of codes.slice(0, pages)) times.push((await timed(page(`${server.url}/en`, code))).ms);
    times.sort((x, y) => x - y);
    const notModified = (await timed(page(server.url, '75'), { 'If-None-Match': first.etag })).ms;
    const csv = (await timed(`${server.url}/dashboards/${ID}/figures/territories/75.csv`)).ms;
    let nginx: TerritoryTimes['nginx'];
    if (haveNginx) {
      const proxy = await startNginx((listen, cache) => portalSite(listen, [new URL(server.url).host], dist, cache));
      try {
        const miss = await timed(page(proxy.url, '13'));
        const hits: number[] = [];
        for (let i = 0; i < 20; i++) {
          const hit = await timed(page(proxy.url, '13'));
          if (hit.cache !== 'HIT') throw new Error(`nginx did not keep the territory page: ${hit.cache}`);
          hits.push(hit.ms);
        }
        hits.sort((x, y) => x - y);
        nginx = { miss: miss.ms, hit: hits[Math.floor(hits.length / 2)]! };
      } finally {
        await proxy.stop();
      }
    }
    return {
      first: first.ms,
      median: times[Math.floor(times.length / 2)]!,
      p95: times[Math.min(times.length - 1, Math.ceil(times.length * 0.95) - 1)]!,
      notModified,
      nginx,
      csv,
      pages: times.length,
      html: first.body,
    };
  } finally {
    await server.stop();
  }
}

export async function dashboardRows(o: DashboardBenchOptions): Promise<string[][]> {
  const runs = o.runs ?? 3;
  const content = benchDir('bench-dashboard-content-');
  const cache = mkdtempSync(join(tmpdir(), 'bench-dashboard-cache-'));
  const stash = mkdtempSync(join(tmpdir(), 'bench-dashboard-bundle-'));
  const dists: string[] = [];
  try {
    cpSync(join(o.root, 'content'), content, { recursive: true });
    const dashboards = join(content, 'dashboards');
    const { yaml, indicators } = benchDashboard(readFileSync(join(dashboards, `${ID}.yaml`), 'utf8'));
    rmSync(dashboards, { recursive: true, force: true });
    const parked = `${dashboards}.off`;
    cpSync(join(o.root, 'content', 'dashboards'), parked, { recursive: true });
    writeFileSync(join(parked, `${ID}.yaml`), yaml);
    const tsx = join(o.root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
    const env = { ...process.env, PORTAL_CONTENT: content, PORTAL_CACHE: cache, ASTRO_TELEMETRY_DISABLED: '1' };
    // States the same for both variants (docs/benchmarks.md, "What each row measures"):
    // - cold: PORTAL_CACHE emptied before every build, as a first `npm run build`: validation,
    //   previews, the dashboard's figures (riding on validation's read), pages, copies;
    // - data unchanged: what a build keeps by the content of the data files (validation,
    //   previews, the dashboard's figures, compressed copies of data files) kept, and the page
    //   cache emptied, so every page is rendered again (a full build of the site). The cold
    //   builds before fill those caches for both variants alike;
    // - dashboard edited: the same, but the dashboard's figures (and each indicator's part of
    //   them) emptied too, as after an edit of its file that changes how every indicator reads
    //   its rows: it reads its data files again although their validation is cached. Compared
    //   with the builds without a dashboard in the data-unchanged state.
    // In every state the Astro bundle is the one built by the first build, restored into the
    // cache: it depends on the source only (src/build/keys.ts), the same for both variants, and
    // its Vite build (about 12 s of CPU that moves by ±1–2 s from one build to the next) would
    // only add noise to their difference. Its CPU is measured apart, once per run (a build
    // without the dashboard that makes it, less the same build that reuses it), and counted in
    // the example build the cost is a share of.
    type State = 'cold' | 'unchanged' | 'edited';
    const build = async (withDashboard: boolean, state: State, bundle: 'kept' | 'built' = 'kept'): Promise<Run> => {
      if (withDashboard) renameSync(parked, dashboards);
      const dist = benchDir('bench-dashboard-dist-');
      dists.push(dist);
      if (state === 'cold') rmSync(cache, { recursive: true, force: true });
      else for (const part of ['pages', ...(state === 'edited' ? ['dashboards'] : [])]) rmSync(join(cache, part), { recursive: true, force: true });
      rmSync(join(cache, 'bundle'), { recursive: true, force: true });
      if (bundle === 'kept' && readdirSync(stash).length > 0) cpSync(stash, join(cache, 'bundle'), { recursive: true });
      mkdirSync(cache, { recursive: true });
      try {
        o.log(
          `dashboard: example build ${withDashboard ? 'with' : 'without'} the dashboard, ${state === 'cold' ? 'cold' : state === 'edited' ? 'dashboard edited' : 'data unchanged'}, bundle ${bundle}…`,
        );
        const m = await runMeasured(process.execPath, [join(o.root, 'scripts', 'bench', 'cpu-time.mjs'), process.execPath, tsx, join(o.root, 'scripts', 'build.ts')], {
          cwd: o.root,
          env: { ...env, PORTAL_DIST: dist },
        });
        if (m.status !== 0) throw new Error(`build failed:\n${m.output}`);
        const cpu = Number(/cpu-time-ms (\d+)/.exec(m.output)?.[1] ?? NaN);
        const reused = /Astro bundle \w+ reused/.test(m.output);
        if (reused !== (bundle === 'kept' && readdirSync(stash).length > 0)) throw new Error(`the build ${reused ? 'reused' : 'built'} the Astro bundle, expected otherwise`);
        o.log(`  ${fmtS(m.ms)} wall, ${fmtS(cpu)} CPU, pages ${pagesSeconds(m.output)?.toFixed(2)} s`);
        if (readdirSync(stash).length === 0) cpSync(join(cache, 'bundle'), stash, { recursive: true });
        return { m, dist, cpu };
      } finally {
        if (withDashboard) renameSync(dashboards, parked);
      }
    };
    // The first build makes the bundle the others reuse (not measured).
    await build(false, 'cold');
    const cold = { without: [] as Run[], withD: [] as Run[] };
    const warm = { without: [] as Run[], withD: [] as Run[] };
    const edited = { without: warm.without, withD: [] as Run[] };
    const bundleCpu: number[] = [];
    for (let i = 0; i < runs; i++) {
      // Which variant goes first alternates from run to run (the machine's state drifts).
      const pair = async (state: State, into: { without: Run[]; withD: Run[] }) => {
        if (i % 2 === 0) {
          into.without.push(await build(false, state));
          into.withD.push(await build(true, state));
        } else {
          into.withD.push(await build(true, state));
          into.without.push(await build(false, state));
        }
      };
      await pair('cold', cold);
      await pair('unchanged', warm);
      edited.withD.push(await build(true, 'edited'));
      bundleCpu.push((await build(false, 'unchanged', 'built')).cpu - warm.without[i]!.cpu);
    }
    const median = (xs: number[]) => {
      const v = [...xs].sort((x, y) => x - y);
      const m = v.length >> 1;
      return v.length % 2 ? v[m]! : (v[m - 1]! + v[m]!) / 2;
    };
    const bundleMs = median(bundleCpu);
    const best = (l: Run[]) => l.reduce((x, y) => (y.cpu < x.cpu ? y : x));
    const b = best(warm.withD);
    const client = join(b.dist, 'client');
    const dashboardPages = htmlFiles(client).filter((f) => /[/\\]dashboards[/\\]|[/\\]embed[/\\]/.test(f)).length;
    // CPU time of the build (validation, figures, derive, pages, compression) is the measure:
    // wall time on a shared machine varies by ±50 % from one build to the next; it is shown too.
    // The cost is the median of the runs' differences (each run's two builds one after the
    // other), a share of the example build without the dashboard (median, with the bundle's CPU).
    const costRow = (label: string, { without, withD }: { without: Run[]; withD: Run[] }): string[] => {
      const diffs = without.map((r, i) => withD[i]!.cpu - r.cpu);
      const cost = median(diffs);
      const example = median(without.map((r) => r.cpu)) + bundleMs;
      const wallA = median(without.map((r) => r.m.ms));
      const wallB = median(withD.map((r) => r.m.ms));
      const pagesA = median(without.map((r) => pagesSeconds(r.m.output) ?? NaN));
      const pagesB = median(withD.map((r) => pagesSeconds(r.m.output) ?? NaN));
      const share = (ms: number) => `${((ms / example) * 100).toFixed(1)}%`;
      return [
        label,
        `${fmtS(cost)} CPU`,
        fmtMB(best(withD).m.peakRss),
        `${dashboardPages} dashboard pages built (2 languages; the territory pages on demand); median of ${runs} runs' differences (each: ${diffs.map(fmtS).join(', ')}; least of each variant: ${fmtS(best(withD).cpu - best(without).cpu)}); example build ${fmtS(example)} CPU (content ${fmtS(median(without.map((r) => r.cpu)))} + Astro bundle ${fmtS(bundleMs)}); content part wall ${fmtS(wallA)} → ${fmtS(wallB)}; pages rendered ${pagesA.toFixed(1)} s → ${pagesB.toFixed(1)} s (medians)`,
        `${share(cost)} of the example build (CPU; runs ${diffs.map(share).join(', ')})`,
        '≤ 10%',
      ];
    };
    const rows: string[][] = [
      costRow(`dashboard build cost, ${indicators} indicators × 101 territories, data unchanged`, warm),
      costRow(`dashboard build cost, ${indicators} indicators × 101 territories, cold (empty cache)`, cold),
      costRow(`same, dashboard file edited (its figures read from the data again)`, edited),
    ];
    o.log('dashboard: territory pages, on demand…');
    const territory = await territoryTimes(b.dist, o.runs === 1 ? 20 : 40);
    // The territory page is answered on demand: its HTML as the server gives it.
    const js: [string, string | { html: string }][] = [
      ['whole area', `dashboards/${ID}/index.html`],
      ['territory', { html: territory.html }],
      ['map', `dashboards/${ID}/map/hospitalises/index.html`],
      ['embed', `embed/dashboards/${ID}/${LIVE}/index.html`],
    ];
    const weights = js.map(([label, file]) => {
      const html = typeof file === 'string' ? readFileSync(join(client, file), 'utf8') : file.html;
      return { label, js: pageJavaScript(client, html), html: gzipSync(html).length };
    });
    const heaviest = Math.max(...weights.map((w) => w.js));
    rows.push([
      'JavaScript per dashboard page, gzipped',
      fmtKB(heaviest),
      '',
      weights.map((w) => `${w.label} ${fmtKB(w.js)} (HTML ${fmtKB(w.html)})`).join('; '),
      heaviest <= 150_000 ? 'within budget' : 'OVER BUDGET',
      '≤ 150 kB',
    ]);
    rows.push([
      'territory page (on demand), per answer',
      `${territory.median.toFixed(0)} ms`,
      '',
      `first ${territory.first.toFixed(0)} ms (reads the dashboard's runtime file), then median ${territory.median.toFixed(0)} ms, p95 ${territory.p95.toFixed(0)} ms over ${territory.pages} other pages (2 languages); 304 ${territory.notModified.toFixed(0)} ms; territory CSV ${territory.csv.toFixed(0)} ms; ${
        territory.nginx ? `through nginx: first ${territory.nginx.miss.toFixed(0)} ms (MISS), then ${territory.nginx.hit.toFixed(1)} ms (HIT, median of 20)` : 'nginx not installed'
      }`,
      '',
      'nginx caches each page',
    ]);
    o.log('dashboard: the map at another day, on demand…');
    const day = await mapDayTimes(b.dist, o.runs === 1 ? 20 : 40);
    rows.push([
      'map at another day (on demand), per answer',
      `${day.median.toFixed(0)} ms`,
      `${fmtMB(day.rssAgain)}`,
      `first ${day.first.toFixed(0)} ms (reads the figures file), then median ${day.median.toFixed(0)} ms, p95 ${day.p95.toFixed(0)} ms over other days; 304 ${day.notModified.toFixed(0)} ms; HTML ${fmtKB(day.html)} gzipped; server RSS ${fmtMB(day.rssBefore)} → ${fmtMB(day.rssAfter)} after every day of ${day.indicators} indicators → ${fmtMB(day.rssAgain)} after all of them again (${day.answers} answers)`,
      '',
      'nginx caches each day',
    ]);
    const pushes = o.pushes ?? 25;
    o.log(`dashboard: ${pushes} live pushes to the key figure in Chromium…`);
    const delays = (await livePushes(o.root, b.dist, pushes, o.log)).sort((x, y) => x - y);
    const p95 = delays[Math.min(delays.length - 1, Math.ceil(delays.length * 0.95) - 1)]!;
    rows.push([
      `live push → key figure in Chromium, p95 of ${delays.length}`,
      `${p95} ms`,
      '',
      `median ${delays[Math.floor(delays.length / 2)]} ms, max ${delays[delays.length - 1]} ms (POST, store, event stream, recompute in the page)`,
      p95 <= 1000 ? 'within budget' : 'OVER BUDGET',
      '≤ 1 s',
    ]);
    return rows;
  } finally {
    for (const d of dists) removeBuilds(d);
    rmSync(content, { recursive: true, force: true });
    rmSync(cache, { recursive: true, force: true });
    rmSync(stash, { recursive: true, force: true });
  }
}
