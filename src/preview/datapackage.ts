// /datasets/<slug>/datapackage.json: the Frictionless Data Package descriptor of a dataset,
// with each resource's Table Schema inline, its size and SHA-256 (from the preview pass).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Catalog, LoadedDataset } from '../content/load.ts';
import { localize } from '../content/localize.ts';
import type { ResourcePreview } from './types.ts';

export function dataPackage(catalog: Catalog, dataset: LoadedDataset, previews: Map<string, ResourcePreview>) {
  const lang = catalog.portal.defaultLanguage;
  const cfg = dataset.config;
  return {
    name: dataset.slug,
    title: localize(cfg.title, lang, lang),
    description: localize(cfg.description, lang, lang),
    homepage: `${catalog.portal.baseUrl.replace(/\/$/, '')}/datasets/${dataset.slug}/`,
    version: cfg.updated,
    created: cfg.created,
    keywords: cfg.tags,
    licenses: [{ name: dataset.license.id, title: dataset.license.title, ...(dataset.license.url ? { path: dataset.license.url } : {}) }],
    resources: dataset.resources.map((r) => {
      const p = previews.get(r.name);
      return {
        name: r.name,
        path: r.path,
        title: r.title ? localize(r.title, lang, lang) : undefined,
        format: r.format,
        mediatype: r.mediaType,
        bytes: r.bytes,
        ...(p ? { hash: `sha256:${p.sha256}` } : {}),
        ...(r.dialect ? { dialect: r.dialect } : {}),
        ...(r.tableSchema ? { schema: r.tableSchema } : {}),
      };
    }),
  };
}

export function writeDataPackage(catalog: Catalog, dataset: LoadedDataset, previews: Map<string, ResourcePreview>, clientDir: string): void {
  const dir = join(clientDir, 'datasets', dataset.slug);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'datapackage.json'), JSON.stringify(dataPackage(catalog, dataset, previews), null, 2));
}
