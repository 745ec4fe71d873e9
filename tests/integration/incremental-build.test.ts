// `npm run build` builds the Astro bundle once per source and renders each static page again only
// when what it reads changed (src/build/): after one description change, the bundle is reused,
// that dataset's pages and the pages listing every dataset are rendered, and every other page is
// the very same file as before (a link to the same cache entry). A change of the bundle's inputs
// builds it again.
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPortal, distDir, removeDir, ROOT, type BuildResult } from '../helpers/portal.ts';

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
    // Listings and whole-catalog exports show every dataset's summary.
    for (const path of ['/', '/en/', '/sectors/food/', '/publishers/mairie-test/', '/catalog.jsonld', '/feed.xml']) expect(again).toContain(path);
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
