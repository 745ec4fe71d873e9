// What a dataset's page and its per-dataset exports read, in one value: from the loaded content
// when the build renders them (`builtDatasetPage`), or from the files the build wrote into
// dist/portal/ when the server renders them on demand (src/server/dataset-page.ts), so the two
// give the same bytes. Above PORTAL_ON_DEMAND_DATASETS_ABOVE datasets the build writes these files
// instead of the pages (src/build/dataset-pages.ts; docs/architecture.md, rendered at build or on
// demand).
import { join } from 'node:path';
import type { LocalizedText } from '../config/localized.ts';
import type { Catalog, LoadedDataset, Portal, PublisherEntry } from '../content/load.ts';
import { loadLayer, type ProjectedLayer } from '../preview/geo.ts';
import { datasetPreview, resourceRows } from '../preview/store.ts';
import type { DatasetPreview, ResourcePreview } from '../preview/types.ts';
import { numberSetting } from '../settings.ts';
import { getCatalog } from './catalog.ts';
import { dashboardsUsing } from './dashboards.ts';
import type { RuntimeDataset } from './runtime-catalog-types.ts';
import { summaryOf } from './static.ts';

export type PortalMap = Portal['maps'][number];

export interface DatasetPage {
  /** The portal and its publishers; the whole catalog at build, this dataset alone on demand. */
  catalog: Catalog;
  dataset: LoadedDataset;
  preview: DatasetPreview;
  /** Its card summary (the page's meta description). */
  summary: RuntimeDataset;
  /** Dashboards that show figures of it. */
  dashboards: { id: string; title: LocalizedText }[];
  /** A map layer of the portal, projected to SVG. */
  layer: (map: PortalMap) => ProjectedLayer;
  /** The typed rows of a live resource as the build read them (a live chart's first drawing). */
  rows: (resource: string) => Record<string, unknown>[];
}

/** Whether a catalog of this many datasets has its dataset pages and exports rendered on demand. */
export function onDemandDatasets(count: number): boolean {
  return count > numberSetting('PORTAL_ON_DEMAND_DATASETS_ABOVE');
}

/** dist/portal/<this>/: one file per dataset (`<slug>.json`), `_portal.json` and the map layers (`_layers/`: no slug starts with "_"). */
export const DATASET_PAGES_DIR = 'dataset-pages';
/** The catalog-wide part, in DATASET_PAGES_DIR. */
export const DATASET_PAGES_SHARED = '_portal.json';
/** The map layers' GeoJSON files, in DATASET_PAGES_DIR, as `<map id>.geojson`. */
export const DATASET_PAGES_LAYERS = '_layers';
export const DATASET_SLUG = /^[a-z0-9][a-z0-9-]*$/;

/** `<slug>.json`: what one dataset's page reads besides the catalog-wide part. */
export interface DatasetPageFile {
  /** The loaded dataset, with the content folder's path as `<content>` (portable). */
  dataset: LoadedDataset;
  summary: RuntimeDataset;
  /** Each previewed resource's preview, by resource name. */
  previews: Record<string, ResourcePreview>;
  /** A live dataset's rows of its live resource, by resource name. */
  rows: Record<string, Record<string, unknown>[]>;
  /** SHA-256 of its data files, by (portable) absolute path. */
  checksums: Record<string, string>;
}

/** `portal.json`: what every dataset page reads. */
export interface DatasetPagesShared {
  portal: Portal;
  publishers: PublisherEntry[];
  /** Dashboards using each dataset (only datasets some dashboard uses). */
  dashboards: Record<string, { id: string; title: LocalizedText }[]>;
}

/** The page of a dataset of the loaded content (the build renders it). */
export function builtDatasetPage(dataset: LoadedDataset): DatasetPage {
  const catalog = getCatalog();
  return {
    catalog,
    dataset,
    preview: datasetPreview(catalog, dataset),
    summary: summaryOf(dataset),
    dashboards: dashboardsUsing(dataset.slug).map((d) => ({ id: d.id, title: d.config.title })),
    layer: (map) => loadLayer(join(catalog.root, map.path), map.key, map.label),
    rows: (resource) => resourceRows(catalog, dataset, resource),
  };
}
