// A write's datasets shown at once, before the rebuild that includes them is served: what their
// pages, search documents, CKAN packages, DCAT nodes and files are, computed in the server
// process from the content as the write checked it, with the build's own functions, and put in
// the publish layer (src/server/publish-layer.ts). One dataset costs its own preview pass (the
// build's, cached by content: the rebuild then finds it done) and no whole-catalog file.
import { copyFileSync, linkSync, mkdirSync, realpathSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { Catalog, LoadedDataset } from '../content/load.ts';
import { sha256Files } from '../lib/checksum.ts';
import { isInside, resolveInside } from '../lib/safe-path.ts';
import { urls } from '../lib/urls.ts';
import { loadLayer } from '../preview/geo.ts';
import { derivePreviews, portalLocale } from '../preview/derive.ts';
import { datasetPreview, previewCacheDir, resourceRows, writeDerivedFiles } from '../preview/store.ts';
import { datasetDocuments } from '../search/documents.ts';
import { runtimeVersion } from '../server/dashboard-day.ts';
import { layerDatasets, publishLayer, type LayerDataset } from '../server/publish-layer.ts';
import { meiliBackend } from '../server/search.ts';
import type { DatasetPage } from '../site/dataset-page.ts';
import { fileCharsets } from '../site/file-charsets.ts';
import { runtimeDataset } from '../site/runtime-files.ts';
import { ckanFrame, ckanPackage, type CkanFrame } from '../standards/ckan.ts';
import { giveChecksums } from '../standards/checksums.ts';
import { catalogUri, datasetNodes, datasetUri, jsonLdNode, turtleNode } from '../standards/dcat.ts';
import { baseOf } from '../standards/urls.ts';
import { workDir } from './content.ts';

export interface ShowOptions {
  /** The content folder the write went into. */
  root: string;
  /** The write's number (src/server/publish-routes.ts). */
  seq: number;
  log?: (line: string) => void;
}

/** The JSON of `value` with every occurrence of the folders `from` written as `to` (the checked copy's paths made the content folder's). */
function rebased<T>(value: T, from: readonly string[], to: string): T {
  let text = JSON.stringify(value);
  const into = JSON.stringify(to).slice(1, -1);
  for (const f of from) text = text.split(JSON.stringify(f).slice(1, -1)).join(into);
  return JSON.parse(text) as T;
}

/** A hard link of `source` at `target` (a copy across file systems). */
function place(source: string, target: string): void {
  mkdirSync(dirname(target), { recursive: true });
  try {
    linkSync(source, target);
  } catch {
    copyFileSync(source, target);
  }
}

/** The dataset's publisher files, derived downloads and chart groups (`catalog`: this dataset alone), laid out as in a build's client/ folder. */
function clientFiles(catalog: Catalog, ds: LoadedDataset, clientDir: string): void {
  const filesDir = join(clientDir, 'datasets', ds.slug, urls.filesSegment);
  for (const r of ds.resources) {
    for (const rel of [r.path, r.schemaPath, ...(r.versions ?? []).map((v) => v.path)]) {
      if (!rel) continue;
      const source = resolveInside(join(catalog.root, ds.dir), rel, catalog.root);
      const target = resolve(filesDir, rel);
      if (source.ok && isInside(filesDir, target)) place(source.real, target);
    }
  }
  writeDerivedFiles(catalog, clientDir);
}

/** What the publish layer shows of one dataset of the checked content. */
async function layerEntry(catalog: Catalog, frame: CkanFrame, ds: LoadedDataset, options: ShowOptions): Promise<LayerDataset> {
  await derivePreviews([ds], portalLocale(catalog.portal), previewCacheDir());
  const files = ds.resources.filter((r) => !r.url).map((r) => r.absPath);
  const checksums = await sha256Files(files);
  // The page's catalog is this dataset alone, as for a page rendered on demand (src/server/dataset-page.ts);
  // what the entry keeps reads it, never `catalog`, which holds every dataset of the portal.
  const pageCatalog: Catalog = { ...catalog, datasets: [ds], dashboards: [] };
  giveChecksums(pageCatalog, checksums);
  const live = ds.config.live?.resource;
  const preview = datasetPreview(pageCatalog, ds);
  const page: DatasetPage = {
    catalog: pageCatalog,
    dataset: ds,
    preview,
    summary: runtimeDataset(catalog, ds),
    dashboards: catalog.dashboards.filter((d) => d.indicators.some((i) => i.dataset === ds.slug)).map((d) => ({ id: d.id, title: d.config.title })),
    layer: (map) => loadLayer(join(pageCatalog.root, map.path), map.key, map.label),
    rows: (resource) => (resource === live && preview.resources.has(resource) ? resourceRows(pageCatalog, ds, resource) : []),
  };
  const base = baseOf(catalog);
  const nodes = datasetNodes(catalog, ds, { checksums });
  // The catalog node is in the served file already: a second node with its IRI adds the new dataset to it (JSON-LD and RDF merge nodes by IRI).
  const link = { '@id': catalogUri(base), 'dcat:dataset': { '@id': datasetUri(base, ds.slug) } };
  const clientDir = join(workDir(options.root, 'shown'), `${options.seq}-${ds.slug}`);
  rmSync(clientDir, { recursive: true, force: true });
  clientFiles(pageCatalog, ds, clientDir);
  return {
    slug: ds.slug,
    seq: options.seq,
    page: { page, version: runtimeVersion(Buffer.from(`published ${options.seq} ${JSON.stringify(ds)} ${JSON.stringify([...checksums])}`)), transient: true },
    documents: datasetDocuments(ds, catalog),
    ckan: ckanPackage(catalog, frame, ds, checksums),
    dcat: {
      json: [...nodes.map((n) => JSON.stringify(jsonLdNode(n))), JSON.stringify(link)].join(','),
      turtle: [...nodes.map(turtleNode).filter(Boolean), `<${catalogUri(base)}> dcat:dataset <${datasetUri(base, ds.slug)}> .\n`].join('\n'),
    },
    clientDir,
    charsets: fileCharsets(pageCatalog),
  };
}

/**
 * Show the datasets `slugs` of `checked` (the content as the write's check loaded it, in a
 * staging copy of the content folder, now gone: its paths are made the content folder's) until a
 * build that includes this write is served. Says which datasets it shows.
 */
export async function showAtOnce(checked: Catalog, slugs: ReadonlySet<string>, options: ShowOptions): Promise<string[]> {
  const real = realpathSync.native(options.root);
  const staging = relative(resolve(options.root), resolve(checked.root));
  const from = [checked.root, join(real, staging)];
  // Only the written datasets were read from the staging copy; the others from the content folder.
  const catalog: Catalog = { ...checked, root: real, datasets: checked.datasets.map((ds) => (slugs.has(ds.slug) ? rebased(ds, from, real) : ds)) };
  const entries: LayerDataset[] = [];
  // What every package reads of the catalog (its organizations and groups), made once.
  const frame = ckanFrame(catalog);
  for (const ds of catalog.datasets) if (slugs.has(ds.slug)) entries.push(await layerEntry(catalog, frame, ds, options));
  const layer = publishLayer();
  for (const entry of entries) {
    const before = layer.datasets.get(entry.slug);
    if (before) rmSync(before.clientDir, { recursive: true, force: true });
    layer.datasets.set(entry.slug, entry);
  }
  layer.generation++;
  // Meilisearch is one index for every build: the documents go to it now (the embedded index of
  // each build takes them from the layer, src/server/search.ts). Not awaited: a slow Meilisearch
  // (its task queue can take minutes) never holds the write's answer; a failure is logged.
  const meili = meiliBackend();
  if (meili && entries.length > 0) {
    void meili
      .upsert(entries.flatMap((e) => e.documents))
      .catch((e: unknown) => options.log?.(`publishing: Meilisearch did not take the documents (${(e as Error).message}); "npm run index" adds them`));
  }
  return entries.map((e) => e.slug);
}

/**
 * Forget the datasets of writes up to `seq` (a build that includes them is served now), but a
 * dataset the served build lacks (`served`: that build could not be loaded, and the previous one
 * is still served): it stays shown until a build that has it is. Says which were forgotten.
 */
export function dropShown(seq: number, served: (slug: string) => boolean = () => true): string[] {
  const layer = publishLayer();
  const dropped = layerDatasets().filter((d) => d.seq <= seq && served(d.slug));
  for (const d of dropped) {
    layer.datasets.delete(d.slug);
    rmSync(d.clientDir, { recursive: true, force: true });
  }
  if (dropped.length > 0) layer.generation++;
  return dropped.map((d) => d.slug);
}
