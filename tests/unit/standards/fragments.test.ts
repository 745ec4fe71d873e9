// The whole-catalog exports assembled from per-dataset fragments (src/standards/fragments.ts):
// byte for byte what one graph of the whole catalog gives, cold and from the cache, and a changed
// dataset renders only its own fragment. The same for the search index's per-dataset documents.
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { generatePortal } from '../../../scripts/bench/generate.ts';
import { loadContent, type Catalog } from '../../../src/content/load.ts';
import { catalogChecksums } from '../../../src/standards/checksums.ts';
import { ckanIndex } from '../../../src/standards/ckan.ts';
import { addDataset, catalogGraph, Graph, toJsonLd, toTurtle } from '../../../src/standards/dcat.ts';
import { ckanIndexJson, writeStandardsFiles } from '../../../src/standards/exports.ts';
import { writeDcatCatalog, FragmentStore, STALE_SHARE } from '../../../src/standards/fragments.ts';
import { loadUiStrings } from '../../../src/content/ui-strings.ts';
import { cachedRuntimeCatalog, runtimeCatalog } from '../../../src/site/runtime-files.ts';
import { CATALOG_EXPORTS } from '../../../src/standards/registry.ts';
import { catalogDocuments, searchSettings } from '../../../src/search/documents.ts';
import { EmbeddedSearch } from '../../../src/search/embedded.ts';
import { buildEmbeddedIndex, cachedCatalogDocuments, writeEmbeddedIndex } from '../../../src/search/index-file.ts';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'fragments-'));
const generated = join(dir, 'generated');
const example = join(dir, 'example');

beforeAll(() => {
  vi.stubEnv('PORTAL_CACHE', join(dir, 'cache'));
  vi.stubEnv('SOURCE_DATE_EPOCH', '1700000000');
});
afterAll(() => {
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});
generatePortal(generated, 12);
cpSync(join(ROOT, 'content'), example, { recursive: true });

const load = (root: string): Catalog => {
  const { catalog, issues } = loadContent(root);
  expect(issues).toEqual([]);
  return catalog!;
};
/** An export as the build writes it (catalog.jsonld and catalog.ttl go straight to a file). */
async function render(id: string, catalog: Catalog): Promise<string> {
  const entry = CATALOG_EXPORTS.find((e) => e.id === id)!;
  if (entry.render) return entry.render(catalog);
  const file = join(dir, 'out', entry.file);
  await entry.write!(catalog, file);
  return readFileSync(file, 'utf8');
}
/** catalog.jsonld or catalog.ttl written alone, with its text and how many fragments were rendered or reused. */
async function dcat(catalog: Catalog, part: 'json' | 'turtle') {
  const file = join(dir, 'out', `dcat.${part}`);
  const counts = await writeDcatCatalog(catalog, { [part]: file });
  return { ...counts, text: readFileSync(file, 'utf8') };
}

/** The exports as one graph of the whole catalog gives them (no fragment, no cache). */
async function whole(catalog: Catalog) {
  const checksums = await catalogChecksums(catalog);
  const graph = catalogGraph(catalog, { checksums });
  const engine = new EmbeddedSearch(searchSettings(catalog));
  await engine.replaceAll(catalogDocuments(catalog));
  return { jsonld: JSON.stringify(toJsonLd(graph)), turtle: toTurtle(graph), ckan: JSON.stringify(ckanIndex(catalog, checksums)), search: JSON.stringify(engine.toFile()) };
}

describe.each([
  ['a generated portal', generated],
  ['the example portal', example],
])('whole-catalog exports from fragments, %s', (_name, root) => {
  it('are byte for byte the whole graph: cold, then every fragment from the cache', async () => {
    const cold = load(root);
    const expected = await whole(cold);
    const first = await dcat(cold, 'json');
    expect([first.text === expected.jsonld, first.rendered]).toEqual([true, cold.datasets.length]);
    expect(await render('dcat-turtle', cold)).toBe(expected.turtle);
    const ckanCold = await ckanIndexJson(cold);
    expect(ckanCold.text).toBe(expected.ckan);
    // As the build writes it, a package at a time.
    await writeStandardsFiles(cold, join(dir, 'out', 'client'));
    expect(readFileSync(join(dir, 'out', 'portal', 'ckan.json'), 'utf8') === expected.ckan).toBe(true);
    expect(JSON.stringify(await buildEmbeddedIndex(cold))).toBe(expected.search);

    // Another build process: the same content loaded again, every fragment read back.
    const warm = load(root);
    expect(await render('dcat-jsonld', warm)).toBe(expected.jsonld);
    expect(await render('dcat-turtle', warm)).toBe(expected.turtle);
    const texts = await dcat(warm, 'turtle');
    expect([texts.rendered, texts.reused, texts.text === expected.turtle]).toEqual([0, warm.datasets.length, true]);
    const ckanWarm = await ckanIndexJson(warm);
    expect([ckanWarm.rendered, ckanWarm.reused, ckanWarm.text === expected.ckan]).toEqual([0, warm.datasets.length, true]);
    expect((await cachedCatalogDocuments(warm)).rendered).toBe(0);
    expect(JSON.stringify(await buildEmbeddedIndex(warm))).toBe(expected.search);
    // As the build writes it: the documents made here, the index by a worker thread.
    const file = join(dir, 'out', 'search-index.json');
    const { done } = await writeEmbeddedIndex(warm, file);
    await done;
    expect(readFileSync(file, 'utf8') === expected.search).toBe(true);
  });

  it('render only the fragment of a changed dataset, and still give the whole graph', async () => {
    const before = load(root);
    await dcat(before, 'json');
    await ckanIndexJson(before);
    await cachedCatalogDocuments(before);
    const ds = before.datasets[Math.floor(before.datasets.length / 2)]!;
    const yaml = join(root, ds.file);
    writeFileSync(yaml, readFileSync(yaml, 'utf8').replace(/^updated:.*$/m, 'updated: 2026-11-29'));
    const after = load(root);
    const expected = await whole(after);
    const changed = await dcat(after, 'json');
    expect([changed.text === expected.jsonld, changed.rendered]).toEqual([true, 1]);
    expect(await render('dcat-turtle', after)).toBe(expected.turtle);
    const ckan = await ckanIndexJson(after);
    expect([ckan.rendered, ckan.text === expected.ckan]).toEqual([1, true]);
    expect((await cachedCatalogDocuments(after)).rendered).toBe(1);
    expect(JSON.stringify(await buildEmbeddedIndex(after))).toBe(expected.search);
    expect(expected.ckan).toContain('"metadata_modified":"2026-11-29T00:00:00"');
  });
});

describe.each([
  ['a generated portal', generated],
  ['the example portal', example],
])('the runtime catalog from cached summaries, %s', (_name, root) => {
  const summaries = () => readFileSync(join(dir, 'cache', 'exports', 'summaries.fragments'), 'utf8');
  it('is byte for byte what computing every summary gives: cold, warm, and after a changed description', () => {
    const ui = loadUiStrings(root, []);
    const cold = load(root);
    const expected = JSON.stringify(runtimeCatalog(cold, ui));
    expect(JSON.stringify(cachedRuntimeCatalog(cold, ui))).toBe(expected);
    const warm = load(root);
    const store = new FragmentStore('summaries');
    expect(JSON.stringify(runtimeCatalog(warm, ui, store))).toBe(expected);
    expect([store.rendered, store.reused]).toEqual([0, warm.datasets.length]);

    const ds = warm.datasets[Math.floor(warm.datasets.length / 2)]!;
    const yaml = join(root, ds.file);
    writeFileSync(yaml, readFileSync(yaml, 'utf8').replace(/^description:.*\n(?:[ \t]+.*\n|\n(?=[ \t]))*/m, 'description: Une **autre** description, changée.\n'));
    const after = load(root);
    const changed = JSON.stringify(runtimeCatalog(after, ui));
    expect(changed).toContain('"Une autre description, changée."');
    expect(JSON.stringify(cachedRuntimeCatalog(after, ui))).toBe(changed);
    expect(summaries()).toContain('Une autre description, changée.');
  });
});

describe('a fragment store file', () => {
  const storeDir = join(dir, 'store');
  const file = join(storeDir, 'test.fragments');
  /** One build: a store read from the file, asked for `keys` (rendered as `text(key)` when missing), then saved. */
  function build(keys: string[], text = (k: string) => `texte ${k} é`) {
    const store = new FragmentStore('test', storeDir);
    const texts = keys.map((k) => store.get(k, () => text(k)));
    store.save();
    return { store, texts };
  }
  const keys = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `k${from + i}`);

  it('appends what a build rendered, and writes the file again only when unused records pile up', () => {
    build(keys(0, 100));
    const first = statSync(file);
    // One new key: one record appended to the same file, not a new file.
    const added = build(keys(0, 101));
    expect([added.store.rendered, added.store.reused]).toEqual([1, 100]);
    const second = statSync(file);
    expect(second.ino).toBe(first.ino);
    expect(second.size).toBeGreaterThan(first.size);
    expect(second.size - first.size).toBeLessThan(200);
    // Nothing new: the file is not touched.
    build(keys(0, 101));
    expect(statSync(file).mtimeMs).toBe(second.mtimeMs);
    // Every text read back as it was rendered, from the appended record too.
    const again = build(keys(0, 101));
    expect([again.store.rendered, again.texts[100]]).toEqual([0, 'texte k100 é']);
    // A few keys no longer used (up to STALE_SHARE of the used ones): still appended.
    const used = keys(10, 101);
    expect(100 - 90).toBeLessThanOrEqual(used.length * STALE_SHARE);
    build([...used, 'n1']);
    expect(statSync(file).ino).toBe(first.ino);
    // More unused than that: written again with only what this build used.
    const few = keys(80, 101);
    const compacted = build([...few, 'n2']);
    expect(compacted.store.rendered).toBe(1);
    expect(statSync(file).ino).not.toBe(first.ino);
    expect(statSync(file).size).toBeLessThan(second.size / 3);
    const after = build([...few, 'n2']);
    expect([after.store.rendered, after.store.reused]).toEqual([0, few.length + 1]);
    // A dropped key is rendered again.
    expect(build(['k0']).store.rendered).toBe(1);
  });
});

describe('the catalog graph', () => {
  it('holds each node as the first dataset that adds it defines it, in the order one graph adds them', async () => {
    const catalog = load(generated);
    const checksums = await catalogChecksums(catalog);
    const one = new Graph();
    for (const ds of catalog.datasets) addDataset(one, catalog, ds, { checksums });
    const graph = catalogGraph(catalog, { checksums });
    const ids = [...graph.nodes.keys()];
    // The catalog's own nodes first (the catalog, its home page, its publisher, the theme scheme), then the datasets'.
    const head = new Set(ids.slice(0, 4));
    expect(ids.slice(4).filter((id) => one.nodes.has(id))).toEqual([...one.nodes.keys()].filter((id) => !head.has(id)));
    for (const [id, node] of one.nodes) expect(graph.nodes.get(id)).toEqual(node);
  });
});
