// A rebuild after publishing (a new dataset, another one's description changed) writes what a
// cold build of the same content writes, byte for byte: the pages, data files, exports
// (catalog.jsonld and catalog.ttl concatenated from cached fragments), compressed copies, the
// search index (MiniSearch's file, hence its answers and scores), the CKAN index and the runtime
// catalog. Only what the build keeps about files (their inodes, for the next build) may differ.
// And the rebuild derives again only the two changed datasets' fragments in each export.
import { cpSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedSearch, type EmbeddedIndexFile } from '../../src/search/embedded.ts';
import { buildPortal, distDir, removeDir, ROOT, type BuildResult } from '../helpers/portal.ts';
import { currentBuild } from '../../src/server/builds.ts';

/** Files a build keeps for the next one only: where each file is on disk (device, inode) and when its copies were last used. */
const BOOKKEEPING = new Set(['portal/precompress-state.json']);

/** Every regular file of a build folder, by path relative to it (the node_modules link left out). */
function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !lstatSync(join(e.parentPath, e.name)).isSymbolicLink())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .filter((f) => !f.startsWith('node_modules'))
    .sort();
}

describe.each([
  ['every page a static file', {}],
  ['dataset pages on demand', { PORTAL_ON_DEMAND_DATASETS_ABOVE: '0' }],
])('a rebuild after publishing, %s', (_name, extra: Record<string, string>) => {
  const base = join(ROOT, 'tests', '.tmp');
  let content: string;
  let cache: string;
  let coldCache: string;
  let dist: string;
  let coldDist: string;
  let rebuild: BuildResult;
  let rebuilt: string;
  let cold: string;

  beforeAll(() => {
    content = mkdtempSync(join(base, 'rebuild-identical-content-'));
    cache = mkdtempSync(join(base, 'rebuild-identical-cache-'));
    coldCache = mkdtempSync(join(base, 'rebuild-identical-cold-'));
    cpSync(join(ROOT, 'tests', 'fixtures', 'portal-valid'), content, { recursive: true });
    dist = distDir();
    coldDist = distDir();
    const first = buildPortal(content, dist, { PORTAL_CACHE: cache, ...extra });
    expect(first.status, first.output).toBe(0);
    // Published: a new dataset (a copy of one, under another slug and title), and another's new description.
    const copy = join(content, 'datasets', 'gares-bis');
    cpSync(join(content, 'datasets', 'gares'), copy, { recursive: true });
    const yaml = join(copy, 'dataset.yaml');
    writeFileSync(yaml, readFileSync(yaml, 'utf8').replace('title: {fr: Gares, en: Stations}', 'title: {fr: Gares publiées quetzal, en: Published stations quetzal}'));
    const cantines = join(content, 'datasets', 'cantines', 'dataset.yaml');
    writeFileSync(cantines, readFileSync(cantines, 'utf8').replace(/^description: .*$/m, 'description: Une description changée par le publieur.'));
    rebuild = buildPortal(content, dist, { PORTAL_CACHE: cache, ...extra });
    expect(rebuild.status, rebuild.output).toBe(0);
    // The cold build: empty caches but the Astro bundle's (the same source gives the same bundle).
    cpSync(join(cache, 'bundle'), join(coldCache, 'bundle'), { recursive: true });
    const fresh = buildPortal(content, coldDist, { PORTAL_CACHE: coldCache, ...extra });
    expect(fresh.status, fresh.output).toBe(0);
    expect(fresh.output).toMatch(/Astro bundle \w+ reused/);
    rebuilt = currentBuild(dist);
    cold = currentBuild(coldDist);
  }, 900_000);
  afterAll(() => {
    for (const dir of [content, cache, coldCache]) if (dir) rmSync(dir, { recursive: true, force: true });
    for (const dir of [dist, coldDist]) if (dir) removeDir(dir);
  });

  it('writes the same files as a cold build of the same content, byte for byte', () => {
    const names = files(rebuilt);
    expect(names).toEqual(files(cold));
    expect(names).toContain('portal/search-index.json');
    expect(names).toContain('client/catalog.jsonld');
    const differ = names.filter((f) => !BOOKKEEPING.has(f) && !readFileSync(join(rebuilt, f)).equals(readFileSync(join(cold, f))));
    expect(differ).toEqual([]);
  });

  it('answers searches for the new dataset as a fresh index does', async () => {
    const load = (dir: string) => EmbeddedSearch.fromFile(JSON.parse(readFileSync(join(dir, 'portal', 'search-index.json'), 'utf8')) as EmbeddedIndexFile);
    const [again, fresh] = [load(rebuilt), load(cold)];
    for (const q of ['quetzal', 'gares', 'publieur']) {
      const query = { q, lang: 'fr', filters: {}, sort: 'relevance' as const, page: 1, hitsPerPage: 20 };
      const a = { ...(await again.search(query)), processingTimeMs: 0 };
      expect(a).toEqual({ ...(await fresh.search(query)), processingTimeMs: 0 });
      if (q === 'quetzal') expect(a.hits.map((h) => h.slug)).toEqual(['gares-bis']);
    }
  });

  it("derives again only the two changed datasets' fragments of each export", () => {
    const line = /^fragments rendered: (.*) \(the others from the cache\)$/m.exec(rebuild.output);
    expect(line, rebuild.output).not.toBeNull();
    const counts = Object.fromEntries(
      line![1]!
        .split(', ')
        .map((p) => /^(\w+) (\d+) of (\d+)$/.exec(p)!.slice(1))
        .map(([name, n, of]) => [name, [Number(n), Number(of)]]),
    );
    // A CKAN package is kept by what it shows of its organization and group, not their package counts: the new dataset's publisher's other package is not rendered again.
    for (const name of ['dcat', 'ckan', 'search']) expect(counts[name], name).toEqual([2, 4]);
    // Summaries are kept by description: the new dataset has its original's.
    expect(counts.summaries).toEqual([1, 4]);
    expect(rebuild.output).toMatch(/copied \d+ data files \(\d+ linked from the previous build\)/);
    if (extra.PORTAL_ON_DEMAND_DATASETS_ABOVE) expect(rebuild.output).toMatch(/dataset pages on demand: wrote 2 dataset files \(2 linked from the cache\)/);
  });
});
