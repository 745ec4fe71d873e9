// Dataset pages and per-dataset exports rendered on demand (PORTAL_ON_DEMAND_DATASETS_ABOVE=0
// forces what a catalog above the threshold gets): the fixture built that way has none of their
// files but one runtime file per dataset, and the real server answers every page in every
// language and every export with exactly the bytes of the static files of the fixture's default
// build; every other file of the build is the same; public caching with an ETag and 304; a 404
// page in the reader's language; nginx keeps each answer. Publishing a dataset into a running
// portal that renders them on demand: its page and exports answer after the build switch, and the
// rebuild writes that dataset's runtime file only (the others are linked from the build cache).
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { RuntimeCatalog } from '../../src/site/runtime-catalog-types.ts';
import { DATASET_EXPORTS } from '../../src/standards/registry.ts';
import { createToken, sqliteState, type LiveState } from '../helpers/live.ts';
import { expectRevalidated } from '../helpers/revalidate.ts';
import { cacheStatus, haveNginx, portalSite, startNginx } from '../helpers/nginx.ts';
import { buildPortal, distDir, removeDir, ROOT, startServer, TEST_BUILD_EPOCH, type RunningServer } from '../helpers/portal.ts';

const FIXTURE = join(ROOT, 'tests', 'fixtures', 'portal-valid');
const staticDist = inject('fixtureDist');
let dist = '';
let output = '';
let server: RunningServer | undefined;
const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server!.url}${path}`, { headers });

const catalog = () => JSON.parse(readFileSync(join(staticDist, 'portal', 'catalog.json'), 'utf8')) as RuntimeCatalog;
const slugs = () => catalog().datasets.map((d) => d.slug);
/** Every dataset page address, in every language, and every per-dataset export. */
function addresses(): { pages: string[]; exports: string[] } {
  const { portal } = catalog();
  const prefixes = portal.languages.map((l) => (l === portal.defaultLanguage ? '' : `/${l}`));
  return {
    pages: slugs().flatMap((slug) => prefixes.map((p) => `${p}/datasets/${slug}/`)),
    exports: slugs().flatMap((slug) => DATASET_EXPORTS.map((e) => `/datasets/${slug}/${e.file}`)),
  };
}
const fileOf = (root: string, address: string) => join(root, 'client', ...address.split('/').filter(Boolean), ...(address.endsWith('/') ? ['index.html'] : []));

beforeAll(async () => {
  dist = distDir();
  const build = buildPortal(FIXTURE, dist, { PORTAL_ON_DEMAND_DATASETS_ABOVE: '0' });
  output = build.output;
  if (build.status !== 0) throw new Error(`building the fixture with its dataset pages on demand failed:\n${build.output}`);
  server = await startServer(dist);
}, 300_000);
afterAll(async () => {
  await server?.stop();
  removeDir(dist);
});

describe('dataset pages on demand', () => {
  it('are not files of the build: one runtime file per dataset instead', () => {
    const { pages, exports } = addresses();
    expect(pages.length).toBeGreaterThanOrEqual(6);
    for (const address of [...pages, ...exports]) {
      expect(existsSync(fileOf(staticDist, address)), address).toBe(true);
      expect(existsSync(fileOf(dist, address)), address).toBe(false);
      expect(existsSync(`${fileOf(dist, address)}.br`), address).toBe(false);
    }
    for (const slug of slugs()) expect(existsSync(join(dist, 'portal', 'dataset-pages', `${slug}.json`)), slug).toBe(true);
    expect(existsSync(join(staticDist, 'portal', 'dataset-pages'))).toBe(false);
    expect(output).toMatch(/dataset pages on demand: wrote \d+ dataset files/);
  });

  it('answer every page in every language and every export with the bytes of the static build', async () => {
    const { pages, exports } = addresses();
    for (const address of [...pages, ...exports]) {
      const res = await get(address);
      expect(res.status, address).toBe(200);
      const body = Buffer.from(await res.arrayBuffer());
      expect(body.equals(readFileSync(fileOf(staticDist, address))), `${address} differs from the static file`).toBe(true);
    }
    expect((await get('/datasets/gares/datapackage.json')).headers.get('content-type')).toMatch(/^application\/json\b/);
    expect((await get('/datasets/gares/')).headers.get('content-type')).toBe('text/html; charset=utf-8');
  });

  it('leave every other file of the build as it was: listings, sitemap, feeds, DCAT, CKAN, search', () => {
    const { pages, exports } = addresses();
    const skipped = new Set([...pages, ...exports].map((a) => relative(join(staticDist, 'client'), fileOf(staticDist, a))));
    const client = join(staticDist, 'client');
    const files = readdirSync(client, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => relative(client, join(e.parentPath, e.name)))
      .filter((f) => !skipped.has(f.replace(/\.(br|gz)$/, '')));
    expect(files.length).toBeGreaterThan(50);
    for (const file of files) {
      const other = join(dist, 'client', file);
      expect(existsSync(other), file).toBe(true);
      expect(readFileSync(other).equals(readFileSync(join(client, file))), `${file.split(sep).join('/')} differs`).toBe(true);
    }
    for (const name of ['catalog.json', 'ckan.json', 'search-index.json']) {
      if (!existsSync(join(staticDist, 'portal', name))) continue;
      expect(readFileSync(join(dist, 'portal', name)).equals(readFileSync(join(staticDist, 'portal', name))), name).toBe(true);
    }
  });

  it('are public with an ETag per build, language and file; If-None-Match gets a 304', async () => {
    for (const path of ['/datasets/gares/', '/en/datasets/gares/', '/datasets/gares/datapackage.json', '/datasets/gares/dataset.jsonld']) {
      const etag = await expectRevalidated(get, path);
      // Another dataset does not match this ETag.
      expect((await get(path.replace('gares', 'cantines'), { 'If-None-Match': etag })).status, path).toBe(200);
    }
    const fr = (await get('/datasets/gares/')).headers.get('etag')!;
    expect((await get('/en/datasets/gares/')).headers.get('etag')).not.toBe(fr);
    expect((await get('/datasets/gares/datapackage.json')).headers.get('etag')).not.toBe((await get('/datasets/gares/dataset.jsonld')).headers.get('etag'));
  });

  it('answer an unknown dataset or export with a 404 page in the reader’s language, never kept', async () => {
    const { portal } = catalog();
    const other = portal.languages.find((l) => l !== portal.defaultLanguage)!;
    for (const path of ['/datasets/nope/', '/datasets/..%2F..%2Fportal%2Fcatalog/', `/${other}/datasets/nope/`]) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('cache-control'), path).toBe('no-store');
      const html = await res.text();
      expect(html, path).toContain(`<html lang="${path.startsWith(`/${other}/`) ? other : portal.defaultLanguage}"`);
    }
    expect(await (await get(`/${other}/datasets/nope/`)).text()).not.toContain(await (await get('/datasets/nope/')).text().then((t) => /<h1[^>]*>([^<]+)<\/h1>/.exec(t)![1]!));
    for (const path of ['/datasets/nope/datapackage.json', '/datasets/gares/other.json', '/datasets/gares/datapackage.jsonld']) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('cache-control'), path).toBe('no-store');
    }
  });
});

describe.skipIf(!haveNginx)('dataset pages on demand behind deploy/nginx.conf', () => {
  it('nginx keeps each page and export, per language, and never a 404', async () => {
    const nginx = await startNginx((listen, cache) => portalSite(listen, [new URL(server!.url).host], dist, cache));
    try {
      for (const path of ['/datasets/cantines/', '/en/datasets/cantines/', '/datasets/cantines/dataset.jsonld']) {
        expect(await cacheStatus(nginx.url, path), path).toEqual([200, 'MISS']);
        expect(await cacheStatus(nginx.url, path), path).toEqual([200, 'HIT']);
      }
      const unknown = await cacheStatus(nginx.url, '/datasets/nope/');
      expect([unknown, await cacheStatus(nginx.url, '/datasets/nope/')].map(([status, cache]) => [status, cache === 'HIT'])).toEqual([
        [404, false],
        [404, false],
      ]);
    } finally {
      await nginx.stop();
    }
  });
});

describe('publishing into a portal whose dataset pages are on demand', () => {
  let content: string;
  let cache: string;
  let published: string;
  let state: LiveState;
  let running: RunningServer | undefined;
  const env = () => ({ PORTAL_CACHE: cache, PORTAL_ON_DEMAND_DATASETS_ABOVE: '0' });
  const runtimeFile = (slug: string) => join(published, 'portal', 'dataset-pages', `${slug}.json`);

  beforeAll(async () => {
    const base = join(ROOT, 'tests', '.tmp');
    content = mkdtempSync(join(base, 'on-demand-content-'));
    cache = mkdtempSync(join(base, 'on-demand-cache-'));
    cpSync(FIXTURE, content, { recursive: true });
    published = distDir();
    const build = buildPortal(content, published, env());
    expect(build.status, build.output).toBe(0);
    state = sqliteState();
    // Its rebuilds with the first build's settings (the build time is one of what every page reads).
    running = await startServer(published, { ...state.env, ...env(), PORTAL_CONTENT: content, SOURCE_DATE_EPOCH: TEST_BUILD_EPOCH });
  }, 300_000);
  afterAll(async () => {
    await running?.stop();
    await state?.cleanup();
    rmSync(content, { recursive: true, force: true });
    rmSync(cache, { recursive: true, force: true });
    removeDir(published);
  });

  it('a published dataset answers on demand after the switch; only its runtime file is written', async () => {
    const url = running!.url;
    const token = createToken(state, 'mairie-test').token;
    const gares = statSync(runtimeFile('gares')).ino;
    const before = (await fetch(`${url}/datasets/gares/`)).headers.get('etag');
    expect(before).toMatch(/^W\//);
    const created = await fetch(`${url}/api/3/action/package_create`, {
      method: 'POST',
      headers: { Authorization: token, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'velos', title: 'Vélos en libre service', notes: 'Stations et vélos.', owner_org: 'mairie-test', license_id: 'CC-BY-4.0', groups: [{ name: 'transport' }] }),
    });
    expect(created.status, await created.clone().text()).toBe(200);
    const form = new FormData();
    for (const [k, v] of Object.entries({ package_id: 'velos', name: 'stations', format: 'CSV' })) form.set(k, v);
    form.set('upload', new Blob([new Uint8Array(Buffer.from('station,velos,ouverte\nGare,12,true\nMairie,3,false\n'))]), 'stations.csv');
    const uploaded = await fetch(`${url}/api/3/action/resource_create`, { method: 'POST', headers: { Authorization: token }, body: form });
    expect(uploaded.status, await uploaded.clone().text()).toBe(200);
    // Shown at once from the publish layer (never kept by a proxy), then by the rebuild.
    const shown = await fetch(`${url}/datasets/velos/`);
    expect(shown.status).toBe(200);
    expect(shown.headers.get('cache-control')).toBe('no-cache');
    const shownPackage = await (await fetch(`${url}/datasets/velos/datapackage.json`)).text();
    const deadline = Date.now() + 240_000;
    while (!/publishing: the build now serves velos/.test(running!.log())) {
      expect(Date.now(), running!.log()).toBeLessThan(deadline);
      await new Promise((done) => setTimeout(done, 250));
    }
    const page = await fetch(`${url}/datasets/velos/`);
    expect(await shown.text()).toBe(await page.clone().text());
    expect(await (await fetch(`${url}/datasets/velos/datapackage.json`)).text()).toBe(shownPackage);
    const html = await page.text();
    expect(html).toMatch(/<h1[^>]*>Vélos en libre service<\/h1>/);
    expect(page.headers.get('cache-control')).toBe('public, max-age=300, must-revalidate');
    const other = catalog().portal.languages.find((l) => l !== catalog().portal.defaultLanguage)!;
    expect((await fetch(`${url}/${other}/datasets/velos/`)).status).toBe(200);
    const pkg = (await (await fetch(`${url}/datasets/velos/datapackage.json`)).json()) as { name: string; resources: { name: string; hash?: string }[] };
    expect(pkg.name).toBe('velos');
    expect(pkg.resources.map((r) => r.name)).toEqual(['stations']);
    expect(pkg.resources[0]!.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    // The new build: no page file of the new dataset, its runtime file written, the others' linked.
    expect(existsSync(join(published, 'client', 'datasets', 'velos', 'index.html'))).toBe(false);
    expect(existsSync(runtimeFile('velos'))).toBe(true);
    expect(statSync(runtimeFile('gares')).ino).toBe(gares);
    expect(running!.log()).toMatch(/dataset pages on demand: wrote 1 dataset files \(3 linked from the cache\)/);
    // Every page of the new build has another ETag than the old build's.
    expect((await fetch(`${url}/datasets/gares/`, { headers: { 'If-None-Match': before! } })).status).toBe(200);
  }, 300_000);
});
