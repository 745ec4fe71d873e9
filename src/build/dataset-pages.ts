// The runtime files of the dataset pages and per-dataset exports rendered on demand (above
// PORTAL_ON_DEMAND_DATASETS_ABOVE datasets): dist/portal/dataset-pages/<slug>.json per dataset,
// _portal.json for what every one reads, and the portal's map layers. Each dataset's file is kept
// in PORTAL_CACHE/dataset-pages/ under a key of everything it holds (the bundle, the content every
// page reads, the dataset's own), so a build after one publish writes one file and links the others.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, linkSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Catalog } from '../content/load.ts';
import type { UiStrings } from '../i18n/index.ts';
import { dirMaker, linkOrCopy } from '../lib/dirs.ts';
import { datasetPreview, resourceRows } from '../preview/store.ts';
import { buildCacheDir } from '../settings.ts';
import { DATASET_PAGES_DIR, DATASET_PAGES_LAYERS, DATASET_PAGES_SHARED, onDemandDatasets, type DatasetPageFile, type DatasetPagesShared } from '../site/dataset-page.ts';
import { dashboardsUsing } from '../site/dashboards.ts';
import { summaryOf } from '../site/static.ts';
import { catalogChecksums } from '../standards/checksums.ts';
import { prunePages } from './prune.ts';
import { contentKeysOf, KEYS_VERSION, portable } from './keys.ts';

/** Raise when what a dataset's file holds changes for the same content and bundle. */
const FORMAT = 1;

/** Put a new file into the cache under `entry` (a link, or a copy renamed into place). */
function keep(file: string, entry: string): void {
  try {
    linkSync(file, entry);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return;
    const temporary = `${entry}.tmp-${process.pid}`;
    copyFileSync(file, temporary);
    renameSync(temporary, entry);
  }
}

/** Link a cache entry to `target`; false when the cache has no such entry. */
function linkCached(entry: string, target: string): boolean {
  try {
    linkSync(entry, target);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
  }
  // A file left at `target`, or another file system: as linkOrCopy does it.
  if (!existsSync(entry)) return false;
  linkOrCopy(entry, target);
  return true;
}

export interface DatasetPagesWritten {
  written: number;
  linked: number;
  /** Time to compute the content keys (kept for the static pages' keys of the same build). */
  keysMs: number;
}

/**
 * Write the dataset pages' runtime files into `portalDir` when the catalog's dataset pages are
 * rendered on demand (undefined otherwise: the build renders them). `bundle` is the Astro
 * bundle's key (the code that reads the files), when known.
 */
export async function writeDatasetPages(site: { catalog: Catalog; ui: Record<string, UiStrings> }, portalDir: string, bundle = ''): Promise<DatasetPagesWritten | undefined> {
  const { catalog } = site;
  if (!onDemandDatasets(catalog.datasets.length)) return undefined;
  const dir = join(portalDir, DATASET_PAGES_DIR);
  mkdirSync(join(dir, DATASET_PAGES_LAYERS), { recursive: true });
  const { root } = catalog;
  const shared: DatasetPagesShared = { portal: catalog.portal, publishers: [...catalog.publishers.values()], dashboards: {} };
  for (const ds of catalog.datasets) {
    const using = dashboardsUsing(ds.slug);
    if (using.length > 0) shared.dashboards[ds.slug] = using.map((d) => ({ id: d.id, title: d.config.title }));
  }
  writeFileSync(join(dir, DATASET_PAGES_SHARED), portable(shared, root));
  for (const map of catalog.portal.maps) linkOrCopy(join(root, map.path), join(dir, DATASET_PAGES_LAYERS, `${map.id}.geojson`));

  const started = Date.now();
  const keys = contentKeysOf(catalog, site.ui);
  const keysMs = Date.now() - started;
  const checksums = await catalogChecksums(catalog);
  const cacheDir = buildCacheDir('dataset-pages');
  const mkdir = dirMaker();
  let written = 0;
  let linked = 0;
  for (const dataset of catalog.datasets) {
    const key = createHash('sha256')
      .update(`dataset-page ${FORMAT} ${KEYS_VERSION}\0${bundle}\0${keys.global}\0${keys.datasets.get(dataset.slug)}`)
      .digest('hex');
    const entry = join(cacheDir, key.slice(0, 2), key);
    const target = join(dir, `${dataset.slug}.json`);
    // Linked from the cache when there (one call, no existence check first: 10,000 a build).
    if (linkCached(entry, target)) {
      linked++;
      continue;
    }
    const preview = datasetPreview(catalog, dataset);
    const live = dataset.config.live?.resource;
    const file: DatasetPageFile = {
      dataset,
      summary: summaryOf(dataset),
      previews: Object.fromEntries(preview.resources),
      rows: live && preview.resources.has(live) ? { [live]: resourceRows(catalog, dataset, live) } : {},
      checksums: Object.fromEntries(dataset.resources.filter((r) => !r.url && checksums.has(r.absPath)).map((r) => [r.absPath, checksums.get(r.absPath)!])),
    };
    writeFileSync(target, portable(file, root));
    mkdir(join(cacheDir, key.slice(0, 2)));
    keep(target, entry);
    written++;
  }
  prunePages(cacheDir);
  return { written, linked, keysMs };
}
