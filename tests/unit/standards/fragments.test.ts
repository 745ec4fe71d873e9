// The whole-catalog exports assembled from per-dataset fragments (src/standards/fragments.ts):
// byte for byte what one graph of the whole catalog gives, cold and from the cache, and a changed
// dataset renders only its own fragment. The same for the search index's per-dataset documents.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { generatePortal } from '../../../scripts/bench/generate.ts';
import { loadContent, type Catalog } from '../../../src/content/load.ts';
import { catalogChecksums } from '../../../src/standards/checksums.ts';
import { ckanIndex } from '../../../src/standards/ckan.ts';
import { addDataset, catalogGraph, Graph, toJsonLd, toTurtle } from '../../../src/standards/dcat.ts';
import { ckanIndexJson } from '../../../src/standards/exports.ts';
import { writeDcatCatalog, FragmentStore } from '../../../src/standards/fragments.ts';
import { loadUiStrings } from '../../../src/content/ui-strings.ts';
import { cachedRuntimeCatalog, runtimeCatalog } from '../../../src/site/runtime-files.ts';
import { CATALOG_EXPORTS } from '../../../src/standards/registry.ts';
import { catalogDocuments, searchSettings } from '../../../src/search/documents.ts';
import { EmbeddedSearch } from '../../../src/search/embedded.ts';
import { buildEmbeddedIndex, cachedCatalogDocuments } from '../../../src/search/index-file.ts';

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
