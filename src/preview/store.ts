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
import { inWorker } from '../lib/in-worker.ts';

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

/** One resource's derived downloads to place: its dataset, its name, and its preview's cache key. */
interface DerivedItem {
  slug: string;
  resource: string;
  key: string;
}

/** What placeDerived is given (on a worker thread for a whole build: writeDerivedFilesAside). */
interface DerivedJob {
  items: DerivedItem[];
  clientDir: string;
  cacheDir: string;
}

/** Files placed, and the downloads whose compressed copies came with them (address, as precompression records it). */
interface DerivedPlaced {
  files: number;
  /** The time placing them took. */
  ms: number;
  copies: [string, Handled][];
}

/** The derived downloads of `items` placed into the build, with each grouped chart's data. */
export function placeDerived({ items, clientDir, cacheDir }: DerivedJob): DerivedPlaced {
  const started = Date.now();
  let files = 0;
  const copies: [string, Handled][] = [];
  const mkdir = dirMaker();
  // Site-relative address → file in the build.
  const output = (address: string) => join(clientDir, ...decodeURI(address).split('/'));
  for (const { slug, resource, key } of items) {
    const paths = cachePaths(cacheDir, key);
    if (!existsSync(paths.preview)) continue;
    const preview = JSON.parse(readFileSync(paths.preview, 'utf8')) as ResourcePreview;
    for (const [from, kind] of [
      [paths.json, 'rows.json'],
      [paths.spreadsheet, 'spreadsheet.csv'],
    ] as const) {
      const address = urls.derived(slug, resource, kind);
      const target = output(address);
      mkdir(dirname(target));
      linkOrCopy(from, target);
      files++;
      // Its compressed copies, made with it (src/preview/derive.ts compressDerived), linked along:
      // precompression then leaves the file alone. A cache entry older than them has none.
      if (existsSync(`${from}.gz`)) {
        linkOrCopy(`${from}.br`, `${target}.br`);
        linkOrCopy(`${from}.gz`, `${target}.gz`);
        copies.push([decodeURI(address), { copies: true, size: statSync(from).size, br: statSync(`${from}.br`).size }]);
      } else if (existsSync(`${from}.none`)) copies.push([decodeURI(address), { copies: false }]);
    }
    // Every group of a grouped chart, fetched by the chart when a reader picks one beyond those inline.
    for (const [index, chart] of Object.entries(preview.charts)) {
      if (chart.kind !== 'xy' || !chart.groups) continue;
      const file = output(urls.chartGroups(slug, Number(index)));
      mkdir(dirname(file));
      writeFileSync(file, JSON.stringify(Object.fromEntries(chart.groups.map((g) => [g.id, g.values]))));
    }
  }
  return { files, copies, ms: Date.now() - started };
}

function derivedJob(catalog: Catalog, clientDir: string): DerivedJob {
  const items = previewJobs(catalog.datasets, portalLocale(catalog.portal)).map((j) => ({ slug: j.dataset.slug, resource: j.resource.name, key: j.key }));
  return { items, clientDir, cacheDir: previewCacheDir() };
}

function placed(clientDir: string, result: DerivedPlaced): DerivedPlaced {
  derivedCopiesOf.set(resolve(clientDir), new Map(result.copies));
  return result;
}

/**
 * Write the derived downloads to <client>/datasets/<slug>/derived/ (a namespace publisher files
 * never reach) and each grouped chart's data to <client>/datasets/<slug>/_preview/.
 */
export function writeDerivedFiles(catalog: Catalog, clientDir: string): number {
  return placed(clientDir, placeDerived(derivedJob(catalog, clientDir))).files;
}

/** Below this many resources, the derived downloads are placed on the calling thread (a rebuild's few). */
const ASIDE_ABOVE = 200;

/**
 * writeDerivedFiles for a whole build: on a worker thread (src/lib/in-worker.ts) when there are
 * many, while the build writes its exports; at 10,000 datasets, 40,000 links and 10,000 preview
 * files read are two seconds of system calls. Resolves with the number of files placed and the time it took.
 */
export function writeDerivedFilesAside(catalog: Catalog, clientDir: string, asideAbove = ASIDE_ABOVE): Promise<{ files: number; ms: number }> {
  const job = derivedJob(catalog, clientDir);
  if (job.items.length < asideAbove) return Promise.resolve(placed(clientDir, placeDerived(job)));
  return inWorker<DerivedJob, DerivedPlaced>(new URL(import.meta.url), 'placeDerived', job, () => placeDerived(job)).then((result) => placed(clientDir, result));
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
