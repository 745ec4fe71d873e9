// What a dataset page and its per-dataset exports read when the server renders them on demand
// (above PORTAL_ON_DEMAND_DATASETS_ABOVE datasets): the files the build wrote into
// dist/portal/dataset-pages/ (src/build/dataset-pages.ts), never the content folder. A dataset's
// file is read on the first request for one of its addresses and kept for the build, at most
// MAX_KEPT_DATASETS of them (least recently used goes first), with the catalog-wide part and the
// projected map layers; all are dropped when the server serves another build
// (src/server/kept-per-build.ts).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Catalog } from '../content/load.ts';
import { projectGeoJson, type ProjectedLayer } from '../preview/geo.ts';
import { assemblePreview } from '../preview/store.ts';
import { DATASET_PAGES_DIR, DATASET_PAGES_LAYERS, DATASET_PAGES_SHARED, DATASET_SLUG, type DatasetPage, type DatasetPageFile, type DatasetPagesShared } from '../site/dataset-page.ts';
import { giveChecksums } from '../standards/checksums.ts';
import { runtimeVersion } from './dashboard-day.ts';
import { keptPerBuild } from './kept-per-build.ts';
import { layerDataset } from './publish-layer.ts';
import { distDir } from './runtime-catalog.ts';

export interface OnDemandDataset {
  page: DatasetPage;
  /** Changes with the build and with anything the page shows: the base of each answer's ETag. */
  version: string;
  /** Written since the served build (src/server/publish-layer.ts): shown until the rebuild, so never kept by a proxy. */
  transient?: boolean;
}

export const MAX_KEPT_DATASETS = 64;
const kept = keptPerBuild<OnDemandDataset>('dataset-pages', MAX_KEPT_DATASETS);
const keptShared = keptPerBuild<{ shared: DatasetPagesShared; digest: string }>('dataset-pages-shared', 1);
const keptLayers = keptPerBuild<ProjectedLayer>('dataset-pages-layers', 8);

const dir = () => join(distDir(), 'portal', DATASET_PAGES_DIR);
/** Where the build writes the content folder's path in the files it wrote (src/build/keys.ts portable). */
const ROOT = '<content>';

function shared(): { shared: DatasetPagesShared; digest: string } {
  const hit = keptShared.get('');
  if (hit) return hit;
  const bytes = readFileSync(join(dir(), DATASET_PAGES_SHARED));
  const read = { shared: JSON.parse(bytes.toString('utf8')) as DatasetPagesShared, digest: createHash('sha256').update(bytes).digest('hex') };
  keptShared.set('', read);
  return read;
}

function layer(map: { id: string; key: string; label?: string }): ProjectedLayer {
  const id = `${map.id}\u0000${map.key}\u0000${map.label ?? ''}`;
  let hit = keptLayers.get(id);
  if (!hit) {
    hit = projectGeoJson(JSON.parse(readFileSync(join(dir(), DATASET_PAGES_LAYERS, `${map.id}.geojson`), 'utf8')), map.key, map.label);
    keptLayers.set(id, hit);
  }
  return hit;
}

/**
 * A dataset's page as the build wrote what it reads, or undefined when there is no such dataset (a
 * 404). A dataset published since the served build is read from the publish layer first.
 */
export function onDemandDataset(slug: string): OnDemandDataset | undefined {
  if (!DATASET_SLUG.test(slug)) return undefined;
  const published = layerDataset(slug);
  if (published) return published.page;
  const hit = kept.get(slug);
  if (hit) return hit;
  // A miss is not kept: unknown addresses cannot push the real datasets out.
  const path = join(dir(), `${slug}.json`);
  if (!existsSync(path)) return undefined;
  const bytes = readFileSync(path);
  const file = JSON.parse(bytes.toString('utf8')) as DatasetPageFile;
  const common = shared();
  const { dataset } = file;
  const catalog: Catalog = {
    root: ROOT,
    portal: common.shared.portal,
    publishers: new Map(common.shared.publishers.map((p) => [p.id, p])),
    datasets: [dataset],
    dashboards: [],
  };
  giveChecksums(catalog, new Map(Object.entries(file.checksums)));
  const page: DatasetPage = {
    catalog,
    dataset,
    preview: assemblePreview(dataset, new Map(Object.entries(file.previews))),
    summary: file.summary,
    dashboards: common.shared.dashboards[slug] ?? [],
    layer,
    rows: (resource) => file.rows[resource] ?? [],
  };
  const read = { page, version: runtimeVersion(Buffer.concat([Buffer.from(common.digest), bytes])) };
  kept.set(slug, read);
  return read;
}

/** How many datasets are kept now (for the tests of the bound). */
export const keptDatasets = (): number => kept.size();
