// `npm run new-portal` end to end: an Estonian portal created, built with the real build and
// served; Estonian wherever a language appears (pages, DCAT-AP, feed, sitemap). Bad input is
// refused with the message a user sees, and leaves nothing behind.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeEstonianPortal, runNewPortal } from '../helpers/estonian-portal.ts';
import { buildPortal, removeDir, startServer, type RunningServer } from '../helpers/portal.ts';

describe('an Estonian portal from npm run new-portal', () => {
  let content = '';
  let dist = '';
  let server: RunningServer;
  beforeAll(async () => {
    content = makeEstonianPortal();
    const built = buildPortal(content);
    dist = built.dist;
    if (built.status !== 0) throw new Error(built.output);
    server = await startServer(dist);
  });
  afterAll(async () => {
    await server?.stop();
    removeDir(dist);
    removeDir(dirname(content));
  });
  const get = async (path: string) => (await fetch(`${server.url}${path}`)).text();

  it('serves Estonian pages first and English under /en/', async () => {
    expect(await get('/')).toMatch(/<html lang="et"/);
    expect(await get('/en/')).toMatch(/<html lang="en"/);
    const page = await get('/datasets/example/');
    expect(page).toContain('Andmesõnastik');
    expect(page).toContain('15. november 2020');
  });
  it('keeps EHAK codes with their leading zeros in the map layer and the data', async () => {
    const csv = await get('/datasets/example/files/cases.csv');
    expect(csv.split('\n')[1]).toBe('0037,Harjumaa,2020-11-13,21');
    expect(await get('/datasets/example/')).toContain('Harjumaa (0037)');
  });
  it('tags Estonian with the EU language authority IRI in DCAT-AP', async () => {
    const ttl = await get('/catalog.ttl');
    expect(ttl).toContain('http://publications.europa.eu/resource/authority/language/EST');
    expect(ttl).toContain('http://publications.europa.eu/resource/authority/country/EST');
    expect(ttl).toMatch(/"Haiglaravi Pärnumaal"@et/);
    const jsonld = JSON.parse(await get('/catalog.jsonld'));
    expect(JSON.stringify(jsonld)).toContain('"@language":"et"');
  });
  it('writes the feed in Estonian and the sitemap with an et alternate', async () => {
    expect(await get('/feed.xml')).toContain('xml:lang="et"');
    const sitemap = await get('/sitemap.xml');
    expect(sitemap).toContain('hreflang="et"');
    expect(sitemap).toContain('hreflang="en"');
  });
  it('finds Estonian datasets with queries typed without diacritics', async () => {
    const search = async (q: string) => ((await (await fetch(`${server.url}/api/search?q=${encodeURIComponent(q)}&lang=et`)).json()) as { hits: { slug: string }[] }).hits.map((h) => h.slug);
    expect((await search('Parnumaa'))[0]).toBe('haiglaravi-parnumaa');
    expect((await search('Tooandja'))[0]).toBe('tooandjate-toetused');
  });
});

describe('npm run new-portal refuses bad input and writes nothing', () => {
  const base = mkdtempSync(join(tmpdir(), 'new-portal-'));
  afterAll(() => removeDir(base));

  it('an unknown country code format', () => {
    const r = runNewPortal([join(base, 'a'), '--country', 'EST']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('--country "EST" is not an ISO 3166-1 alpha-2 code such as EE or FR');
    expect(existsSync(join(base, 'a'))).toBe(false);
  });
  it('a language without UI strings, saying how to add one', () => {
    const r = runNewPortal([join(base, 'b'), '--country', 'EE', '--languages', 'et,lv']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('no UI strings for "lv"');
    expect(r.stderr).toContain('copy src/i18n/ui/en.json to src/i18n/ui/lv.json and translate every string');
    expect(existsSync(join(base, 'b'))).toBe(false);
  });
  it('a target folder that is not empty', () => {
    mkdirSync(join(base, 'c'));
    writeFileSync(join(base, 'c', 'notes.txt'), 'mine');
    const r = runNewPortal([join(base, 'c'), '--country', 'EE']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('is not empty (notes.txt): choose a new folder');
    expect(readdirSync(join(base, 'c'))).toEqual(['notes.txt']);
  });
  it('a country without a pack still gets a valid portal, without maps, and is told which packs exist', () => {
    const r = runNewPortal([join(base, 'd'), '--country', 'LV', '--languages', 'en']);
    expect(r.stderr).toMatch(/no country pack for LV \(packs exist for .*EE.*FR.*\)/);
    expect(r.status).toBe(0);
    expect(readFileSync(join(base, 'd', 'portal.yaml'), 'utf8')).not.toContain('maps:');
  });
  it('leaves no temporary folder behind', () => {
    expect(readdirSync(base).filter((n) => n.startsWith('.'))).toEqual([]);
  });
});
