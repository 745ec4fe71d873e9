// The one list of the metadata exports the portal publishes. Routes (src/site/export-route.ts and
// src/pages/datasets/[slug]/[export].ts), the links and <link rel> of dataset pages, the CKAN
// package extras and the README table are all driven from here: a new format is one entry (and
// its producer), not edits in seven files; a whole-catalog file rendered as a page also needs
// its four-line page, src/pages/<file>.ts (tests/unit/standards/export-routes.test.ts).
import { dirname, join } from 'node:path';
import type { Catalog, LoadedDataset } from '../content/load.ts';
import type { UiKey } from '../i18n/index.ts';
import { urls } from '../lib/urls.ts';
import { dataPackage } from './datapackage.ts';
import { datasetGraph, toJsonLd } from './dcat.ts';
import { writeDcatCatalog } from './fragments.ts';
import { atomFeed, robotsTxt, sitemap } from './feed.ts';
import { catalogChecksums } from './checksums.ts';

interface ExportBase {
  id: string;
  /** Content-Type of the answer. */
  mediaType: string;
  /** What the format is, for the README and docs. */
  describes: string;
}

/** One file for the whole portal, at the site root. */
export interface CatalogExport extends ExportBase {
  file: string;
  /** The file's text: rendered as a static page (src/pages/<file>.ts: src/site/export-route.ts). */
  render?: (catalog: Catalog) => string | Promise<string>;
  /**
   * Or: written by the build straight to `file`, a piece at a time (src/standards/exports.ts),
   * for the exports of tens of megabytes at 10,000 datasets (catalog.jsonld, catalog.ttl).
   */
  write?: (catalog: Catalog, file: string) => Promise<unknown>;
}

/** One file per dataset, at /datasets/<slug>/<file>. */
export interface DatasetExport extends ExportBase {
  file: string;
  address: (slug: string) => string;
  render: (catalog: Catalog, dataset: LoadedDataset) => string | Promise<string>;
  /** Link text on the dataset page. */
  label: UiKey;
  /** `<link rel>` in the dataset page's head. */
  rel: 'alternate' | 'describedby';
  /** CKAN package extra that points to it (harvesters look for these keys). */
  ckanExtra: string;
}

const DCAT_FILES = { json: 'catalog.jsonld', turtle: 'catalog.ttl' };
const dcatWritten = new WeakMap<Catalog, Map<string, Promise<unknown>>>();

/**
 * catalog.jsonld and catalog.ttl, both written by the first of the two entries that asks (one
 * pass over the DCAT fragments for both, where two passes read the 100 MB of fragments twice).
 */
function writeDcat(catalog: Catalog, file: string): Promise<unknown> {
  const dir = dirname(file);
  const byDir = dcatWritten.get(catalog) ?? new Map<string, Promise<unknown>>();
  dcatWritten.set(catalog, byDir);
  let written = byDir.get(dir);
  if (!written) {
    written = writeDcatCatalog(catalog, { json: join(dir, DCAT_FILES.json), turtle: join(dir, DCAT_FILES.turtle) });
    byDir.set(dir, written);
  }
  return written;
}

export const CATALOG_EXPORTS: readonly CatalogExport[] = [
  {
    id: 'dcat-jsonld',
    file: DCAT_FILES.json,
    mediaType: 'application/ld+json',
    describes: 'the whole catalog in DCAT-AP 3.0.1, JSON-LD (inline context)',
    // Each dataset's part from the build cache when unchanged (fragments.ts).
    write: (catalog, file) => writeDcat(catalog, file),
  },
  {
    id: 'dcat-turtle',
    file: DCAT_FILES.turtle,
    mediaType: 'text/turtle; charset=utf-8',
    describes: 'the same DCAT-AP graph in Turtle',
    write: (catalog, file) => writeDcat(catalog, file),
  },
  { id: 'atom', file: 'feed.xml', mediaType: 'application/atom+xml; charset=utf-8', describes: 'Atom feed of dataset updates', render: atomFeed },
  { id: 'sitemap', file: 'sitemap.xml', mediaType: 'application/xml; charset=utf-8', describes: 'sitemap with every language (hreflang)', render: sitemap },
  { id: 'robots', file: 'robots.txt', mediaType: 'text/plain; charset=utf-8', describes: 'robots rules and the sitemap address', render: robotsTxt },
];

export const DATASET_EXPORTS: readonly DatasetExport[] = [
  {
    id: 'datapackage',
    file: 'datapackage.json',
    address: urls.dataPackage,
    mediaType: 'application/json',
    describes: 'Frictionless Data Package: resources with absolute URLs, inline Table Schemas, sizes and hashes',
    label: 'standards.datapackage',
    rel: 'describedby',
    ckanExtra: 'datapackage',
    render: async (catalog, dataset) => JSON.stringify(dataPackage(catalog, dataset, await catalogChecksums(catalog)), null, 2),
  },
  {
    id: 'dcat-jsonld',
    file: 'dataset.jsonld',
    address: urls.datasetJsonLd,
    mediaType: 'application/ld+json',
    describes: 'the dataset in DCAT-AP 3.0.1, JSON-LD',
    label: 'standards.dcat',
    rel: 'alternate',
    ckanExtra: 'dcat_metadata',
    render: async (catalog, dataset) => JSON.stringify(toJsonLd(datasetGraph(catalog, dataset, { checksums: await catalogChecksums(catalog) }))),
  },
];

export { DERIVED_FORMATS, type DerivedFormat } from './derived-formats.ts';
