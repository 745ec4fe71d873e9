// `npm run build` builds the Astro bundle once per source and renders each static page again only
// when what it reads changed (src/build/): after one description change, the bundle is reused,
// that dataset's pages and the pages listing every dataset are rendered, and every other page is
// the very same file as before (a link to the same cache entry). A change of the bundle's inputs
// builds it again. A dashboard's territory pages are not files of the build: after a change of
// its data, the whole-area page is rendered again and the served territory page and its figures
// file show the new figures, with another ETag.
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPortal, distDir, removeDir, ROOT, startServer, type BuildResult, type RunningServer } from '../helpers/portal.ts';

const NEW_DESCRIPTION = 'Description changée pour vérifier la reconstruction incrémentale.';

/** The addresses the build says it rendered (it lists them when there are few). */
function rendered(build: BuildResult): string[] {
  const line = /static pages: (\d+) rendered, (\d+) unchanged[^\n]*(?:\nrendered again: (.*))?$/m.exec(build.output);
  expect(line, build.output).not.toBeNull();
  return line![3] ? line![3].trim().split(' ') : [];
}

describe('incremental build', () => {
  let content: string;
  let cache: string;
  let dist: string;
  let first: BuildResult;
  let second: BuildResult;
  const page = (path: string) => join(dist, 'client', path);
  let garesBefore: { ino: number; bytes: Buffer; br: number; gz: number };
  let garesFile: number;
  let cantinesBefore: string;

  beforeAll(() => {
    const base = join(ROOT, 'tests', '.tmp');
    content = mkdtempSync(join(base, 'incremental-content-'));
    cache = mkdtempSync(join(base, 'incremental-cache-'));
    cpSync(join(ROOT, 'tests', 'fixtures', 'portal-valid'), content, { recursive: true });
    dist = distDir();
    const env = { PORTAL_CACHE: cache };
    first = buildPortal(content, dist, env);
    expect(first.status, first.output).toBe(0);
    garesBefore = {
      ino: statSync(page('datasets/gares/index.html')).ino,
      bytes: readFileSync(page('datasets/gares/index.html')),
      br: statSync(page('datasets/gares/index.html.br')).ino,
      gz: statSync(page('datasets/gares/index.html.gz')).ino,
    };
    cantinesBefore = readFileSync(page('datasets/cantines/index.html'), 'utf8');
    garesFile = statSync(page('datasets/gares/files/gares.json')).ino;
    const yaml = join(content, 'datasets', 'cantines', 'dataset.yaml');
    const text = readFileSync(yaml, 'utf8');
    writeFileSync(yaml, text.replace(/^description: .*$/m, `description: ${NEW_DESCRIPTION}`));
    second = buildPortal(content, dist, env);
    expect(second.status, second.output).toBe(0);
  }, 600_000);
  afterAll(() => {
    rmSync(content, { recursive: true, force: true });
    rmSync(cache, { recursive: true, force: true });
    if (dist) removeDir(dist);
  });

  it('builds the bundle with an empty cache and renders every page', () => {
    expect(first.output).toMatch(/Astro bundle \w+ built and kept/);
    expect(first.output).toMatch(/static pages: [1-9]\d* rendered, 0 unchanged/);
  });

  it('reuses the bundle after a content change', () => {
    expect(second.output).toMatch(/Astro bundle \w+ reused/);
    expect(second.output).not.toMatch(/\[build\] Building server entrypoints/);
  });

  it("renders again only the changed dataset's pages and the pages that list every dataset", () => {
    const again = rendered(second);
    // The dataset's page and exports in each language.
    for (const path of ['/datasets/cantines/', '/en/datasets/cantines/', '/datasets/cantines/datapackage.json', '/datasets/cantines/dataset.jsonld']) expect(again).toContain(path);
    // Listings and whole-catalog exports show every dataset's summary (catalog.jsonld and
    // catalog.ttl are written by the build from the fragments, not rendered as pages).
    for (const path of ['/', '/en/', '/sectors/food/', '/publishers/mairie-test/', '/feed.xml']) expect(again).toContain(path);
    // Another dataset's pages are not rendered again.
    expect(again.filter((p) => p.includes('/gares/') || p.includes('/lits-reanimation/'))).toEqual([]);
  });

  it('shows the new description on the page', () => {
    const html = readFileSync(page('datasets/cantines/index.html'), 'utf8');
    expect(html).toContain(NEW_DESCRIPTION);
    expect(cantinesBefore).not.toContain(NEW_DESCRIPTION);
  });

  it("leaves another dataset's page the same file", () => {
    const file = page('datasets/gares/index.html');
    expect(statSync(file).ino).toBe(garesBefore.ino);
    expect(readFileSync(file).equals(garesBefore.bytes)).toBe(true);
  });

  it('links the unchanged data files from the previous build instead of copying them', () => {
    const line = /copied (\d+) data files \((\d+) linked from the previous build\)/.exec(second.output);
    expect(line, second.output).not.toBeNull();
    expect(Number(line![2])).toBe(Number(line![1]));
    expect(statSync(page('datasets/gares/files/gares.json')).ino).toBe(garesFile);
    expect(first.output).toMatch(/copied [1-9]\d* data files \(0 linked from the previous build\)/);
  });

  it('compresses each page as it renders it, and takes an unchanged page with its copies from the cache', () => {
    // The listed pages' copies were all made (or linked) by the page step: none was read again to
    // be compressed. The count is of pages with copies, among the listed files.
    const listed = JSON.parse(readFileSync(join(dist, 'portal', 'precompressed.json'), 'utf8')) as string[];
    const pages = listed.filter((f) => f.endsWith('/index.html')).length;
    expect(pages).toBeGreaterThan(10);
    for (const build of [first, second]) {
      const withPages = Number(/precompressed \d+ files .*; (\d+) of them with their pages/.exec(build.output)?.[1]);
      expect(withPages, build.output).toBeGreaterThanOrEqual(pages);
    }
    // The changed page's copies hold its new text; another page's are the same files as before.
    const html = readFileSync(page('datasets/cantines/index.html'));
    expect(brotliDecompressSync(readFileSync(page('datasets/cantines/index.html.br'))).equals(html)).toBe(true);
    expect(gunzipSync(readFileSync(page('datasets/cantines/index.html.gz'))).equals(html)).toBe(true);
    expect(statSync(page('datasets/gares/index.html.br')).ino).toBe(garesBefore.br);
    expect(statSync(page('datasets/gares/index.html.gz')).ino).toBe(garesBefore.gz);
  });

  it('builds the bundle again when one of its inputs changes', () => {
    // Vite writes PUBLIC_* variables into the bundle: another value is another bundle.
    const third = buildPortal(content, dist, { PORTAL_CACHE: cache, PUBLIC_INCREMENTAL_TEST: String(Date.now()) });
    expect(third.status, third.output).toBe(0);
    expect(third.output).toMatch(/Astro bundle \w+ built and kept/);
    // Every page depends on the bundle.
    expect(third.output).toMatch(/static pages: [1-9]\d* rendered, 0 unchanged/);
  }, 300_000);
});

describe('incremental build of a dashboard, its territory pages on demand', () => {
  let content: string;
  let cache: string;
  let dist: string;
  let server: RunningServer | undefined;
  const csv = () => join(content, 'datasets', 'hopital', 'hopital.csv');

  beforeAll(async () => {
    const base = join(ROOT, 'tests', '.tmp');
    content = mkdtempSync(join(base, 'incremental-dashboard-'));
    cache = mkdtempSync(join(base, 'incremental-cache-'));
    cpSync(join(ROOT, 'tests', 'fixtures', 'portal-dashboards'), content, { recursive: true });
    dist = distDir();
    const first = buildPortal(content, dist, { PORTAL_CACHE: cache });
    expect(first.status, first.output).toBe(0);
    server = await startServer(dist);
  }, 600_000);
  afterAll(async () => {
    await server?.stop();
    rmSync(content, { recursive: true, force: true });
    rmSync(cache, { recursive: true, force: true });
    if (dist) removeDir(dist);
  });

  it('renders the dashboard pages again, never a territory page, and serves the new figures', async () => {
    const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server!.url}${path}`, { headers });
    const before = await get('/dashboards/situation/75/');
    const etag = before.headers.get('etag')!;
    // rea in Paris on 10 November: 77 in the fixture.
    expect(await before.text()).toMatch(/<article class="key-figure" data-indicator="rea"[\s\S]*?<data value="77"/);
    const row = '"75";0;"2020-11-10";77;393';
    const text = readFileSync(csv(), 'utf8');
    expect(text).toContain(row);
    writeFileSync(csv(), text.replace(row, '"75";0;"2020-11-10";90;393'));
    const second = buildPortal(content, dist, { PORTAL_CACHE: cache });
    expect(second.status, second.output).toBe(0);
    expect(second.output).toMatch(/Astro bundle \w+ reused/);
    const again = rendered(second);
    for (const path of ['/dashboards/situation/', '/en/dashboards/situation/', '/dashboards/situation/map/rea/']) expect(again).toContain(path);
    expect(again.filter((p) => /\/dashboards\/situation\/(?:01|2A|75)\/|\/territories\//.test(p))).toEqual([]);
    // The server follows the new build (src/server/site.ts) and reads its runtime file.
    const deadline = Date.now() + 15_000;
    let html = '';
    let answer: Response;
    do {
      answer = await get('/dashboards/situation/75/', { 'If-None-Match': etag });
      html = await answer.text();
      if (answer.status === 200 && html.includes('<data value="90"')) break;
      await new Promise((r) => setTimeout(r, 200));
    } while (Date.now() < deadline);
    expect(answer.status).toBe(200);
    expect(html).toMatch(/<article class="key-figure" data-indicator="rea"[\s\S]*?<data value="90"/);
    expect(answer.headers.get('etag')).not.toBe(etag);
    const lines = (await (await get('/dashboards/situation/figures/territories/75.csv')).text()).split('\r\n');
    expect(lines.find((l) => l.startsWith('2020-11-10,'))).toMatch(/^2020-11-10,90,/);
  }, 300_000);
});
