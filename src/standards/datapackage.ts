// Frictionless Data Package descriptor of one dataset (/datasets/<slug>/datapackage.json).
import type { Catalog, LoadedDataset } from '../content/load.ts';
import { baseOf, defaultText, downloadUrl, texts } from './urls.ts';
import { absolute, urls } from '../lib/urls.ts';

export interface DataPackage {
  profile: string;
  name: string;
  id: string;
  title: string;
  description: string;
  homepage: string;
  version?: string;
  created?: string;
  keywords?: string[];
  licenses: { name: string; path?: string; title: string }[];
  sources?: { title: string; path?: string }[];
  contributors: { title: string; role: string; path?: string; email?: string }[];
  resources: Record<string, unknown>[];
  [extra: string]: unknown;
}

/** A Data Package licence `name` must match ^[-a-zA-Z0-9._]+$; SPDX ids (and etalab-2.0) do. */
function licenseName(id: string): string {
  return id.replace(/[^-a-zA-Z0-9._]/g, '-');
}

export function dataPackage(catalog: Catalog, ds: LoadedDataset, checksums?: ReadonlyMap<string, string>): DataPackage {
  const base = baseOf(catalog);
  const cfg = ds.config;
  const { languages } = catalog.portal;
  const publisher = catalog.publishers.get(cfg.publisher);
  const license = { name: licenseName(ds.license.spdx ?? ds.license.id), ...(ds.license.url ? { path: ds.license.url } : {}), title: ds.license.title };
  const translations = (value: Parameters<typeof texts>[0]) => (typeof value === 'object' ? Object.fromEntries(texts(value, languages)) : undefined);
  return {
    profile: ds.resources.every((r) => r.tableSchema) ? 'tabular-data-package' : 'data-package',
    name: ds.slug,
    id: absolute(base, urls.dataset(ds.slug)),
    title: defaultText(catalog, cfg.title),
    description: defaultText(catalog, cfg.description),
    homepage: absolute(base, urls.dataset(ds.slug)),
    ...(cfg.created ? { created: `${cfg.created}T00:00:00Z` } : {}),
    ...(cfg.tags.length ? { keywords: cfg.tags } : {}),
    licenses: [license],
    ...(cfg.source ? { sources: [{ title: defaultText(catalog, cfg.source.title), ...(cfg.source.url ? { path: cfg.source.url } : {}) }] } : {}),
    contributors: [
      {
        title: defaultText(catalog, publisher?.name) || cfg.publisher,
        role: 'publisher',
        ...(publisher?.url ? { path: publisher.url } : {}),
        ...(publisher?.email ? { email: publisher.email } : {}),
      },
    ],
    // Not in the Data Package spec, kept for round trips; tools ignore unknown properties.
    updated: cfg.updated,
    sector: cfg.sector,
    frequency: cfg.frequency,
    ...(cfg.temporal ? { temporal: cfg.temporal } : {}),
    ...(cfg.spatial ? { spatial: defaultText(catalog, cfg.spatial) } : {}),
    ...(translations(cfg.title) ? { 'title@lang': translations(cfg.title) } : {}),
    resources: ds.resources.map((r) => {
      const sha = checksums?.get(r.absPath);
      const title = defaultText(catalog, r.title);
      const description = defaultText(catalog, r.description);
      return {
        profile: r.tableSchema ? 'tabular-data-resource' : 'data-resource',
        name: r.name.toLowerCase().replace(/[^-a-z0-9._/]/g, '-'),
        path: downloadUrl(base, ds.slug, r),
        ...(title ? { title } : {}),
        ...(description ? { description } : {}),
        format: r.format,
        mediatype: r.mediaType,
        ...(r.dialect?.encoding ? { encoding: r.dialect.encoding } : {}),
        ...(r.url ? {} : { bytes: r.bytes }),
        ...(sha ? { hash: `sha256:${sha}` } : {}),
        ...(r.tableSchema ? { schema: r.tableSchema } : {}),
        ...(r.tabular && r.dialect ? { dialect: r.dialect } : {}),
        licenses: [license],
        ...(cfg.source ? { sources: [{ title: defaultText(catalog, cfg.source.title), ...(cfg.source.url ? { path: cfg.source.url } : {}) }] } : {}),
      };
    }),
  };
}
