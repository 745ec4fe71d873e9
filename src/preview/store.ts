// Where previews live between the derive step and the pages: a cache folder keyed by the file's
// content (SHA-256), schema, dialect and charts, so a rebuild only reads changed files, a copied
// content folder finds its previews, and each language's page reads the same JSON.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Handled } from '../server/http/precompress.ts';
import type { Catalog, LoadedDataset } from '../content/load.ts';
import { cachePaths, chartsOf, derivePreviews, portalLocale, previewJobs } from './derive.ts';
import type { DatasetPreview, ResourcePreview } from './types.ts';
import { urls } from '../lib/urls.ts';
import { dirMaker, linkOrCopy } from '../lib/dirs.ts';
import { buildCacheDir } from '../settings.ts';
import type { TaskRunner } from '../lib/pool.ts';

/** PORTAL_CACHE, or node_modules/.cache/crisis-portal/preview. */
export function previewCacheDir(): string {
  return buildCacheDir('preview');
}

/** Derive whatever previews the catalog lacks (all of them on a first build), on the pool's processes when one is given. */
export function ensurePreviews(catalog: Catalog, log?: (s: string) => void, pool?: TaskRunner) {
  return derivePreviews(catalog.datasets, portalLocale(catalog.portal), previewCacheDir(), log, pool);
}

/** Previews the cache lacks: the build derives them before rendering; pages never do. */
export function missingPreviews(catalog: Catalog): number {
  const dir = previewCacheDir();
  return previewJobs(catalog.datasets, portalLocale(catalog.portal)).filter((j) => !existsSync(cachePaths(dir, j.key).preview)).length;
}

let last: { dataset: LoadedDataset; preview: DatasetPreview } | undefined;

/** A dataset's charts and resource previews, read from the cache (the last one is kept: a page reads it twice). */
export function datasetPreview(catalog: Catalog, dataset: LoadedDataset): DatasetPreview {
  if (last?.dataset === dataset) return last.preview;
  last = { dataset, preview: readPreview(catalog, dataset) };
  return last.preview;
}

function readPreview(catalog: Catalog, dataset: LoadedDataset): DatasetPreview {
  const dir = previewCacheDir();
  const resources = new Map<string, ResourcePreview>();
  for (const job of previewJobs([dataset], portalLocale(catalog.portal))) {
    const file = cachePaths(dir, job.key).preview;
    if (!existsSync(file)) throw new Error(`No preview for ${dataset.dir}/${job.resource.path} in ${dir}: run "npm run build", which derives previews before rendering pages.`);
    resources.set(job.resource.name, JSON.parse(readFileSync(file, 'utf8')) as ResourcePreview);
  }
  return assemblePreview(dataset, resources);
}

/** A dataset's preview from its resources' previews: each chart it shows, with its data. */
export function assemblePreview(dataset: LoadedDataset, resources: Map<string, ResourcePreview>): DatasetPreview {
  const charts = chartsOf(dataset).flatMap((spec) => {
    const data = resources.get(spec.resource)?.charts[spec.index];
    return data ? [{ spec, data }] : [];
  });
  return { charts, resources };
}

/**
 * Write the derived downloads to <client>/datasets/<slug>/derived/ (a namespace publisher files
 * never reach) and each grouped chart's data to <client>/datasets/<slug>/_preview/.
 */
export function writeDerivedFiles(catalog: Catalog, clientDir: string): number {
  const dir = previewCacheDir();
  let files = 0;
  const copies = new Map<string, Handled>();
  derivedCopiesOf.set(resolve(clientDir), copies);
  const mkdir = dirMaker();
  // Site-relative address → file in the build.
  const output = (address: string) => join(clientDir, ...decodeURI(address).split('/'));
  for (const job of previewJobs(catalog.datasets, portalLocale(catalog.portal))) {
    const paths = cachePaths(dir, job.key);
    if (!existsSync(paths.preview)) continue;
    const preview = JSON.parse(readFileSync(paths.preview, 'utf8')) as ResourcePreview;
    const slug = job.dataset.slug;
    for (const [from, kind] of [
      [paths.json, 'rows.json'],
      [paths.spreadsheet, 'spreadsheet.csv'],
    ] as const) {
      const address = urls.derived(slug, job.resource.name, kind);
      const target = output(address);
      mkdir(dirname(target));
      linkOrCopy(from, target);
      files++;
      // Its compressed copies, made with it (src/preview/derive.ts compressDerived), linked along:
      // precompression then leaves the file alone. A cache entry older than them has none.
      if (existsSync(`${from}.gz`)) {
        linkOrCopy(`${from}.br`, `${target}.br`);
        linkOrCopy(`${from}.gz`, `${target}.gz`);
        copies.set(decodeURI(address), { copies: true, size: statSync(from).size, br: statSync(`${from}.br`).size });
      } else if (existsSync(`${from}.none`)) copies.set(decodeURI(address), { copies: false });
    }
    // Every group of a grouped chart, fetched by the chart when a reader picks one beyond those inline.
    for (const [index, chart] of Object.entries(preview.charts)) {
      if (chart.kind !== 'xy' || !chart.groups) continue;
      const file = output(urls.chartGroups(slug, Number(index)));
      mkdir(dirname(file));
      writeFileSync(file, JSON.stringify(Object.fromEntries(chart.groups.map((g) => [g.id, g.values]))));
    }
  }
  return files;
}

const derivedCopiesOf = new Map<string, Map<string, Handled>>();

/**
 * The derived downloads writeDerivedFiles placed into `clientDir` whose compressed copies (or
 * the finding that none is worth it) came with them, by address: what precompression need not do.
 */
export function derivedCopies(clientDir: string): ReadonlyMap<string, Handled> {
  return derivedCopiesOf.get(resolve(clientDir)) ?? new Map();
}

/** The typed rows of one resource as the build read them (its rows.json download): a live chart's first drawing. */
export function resourceRows(catalog: Catalog, dataset: LoadedDataset, resource: string): Record<string, unknown>[] {
  const job = previewJobs([dataset], portalLocale(catalog.portal)).find((j) => j.resource.name === resource);
  if (!job) return [];
  return JSON.parse(readFileSync(cachePaths(previewCacheDir(), job.key).json, 'utf8')) as Record<string, unknown>[];
}
