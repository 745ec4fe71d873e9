// schema.org Dataset JSON-LD for the dataset page's <head> (search engines' dataset listings).
import type { Catalog, LoadedDataset } from '../content/load.ts';
import { localize } from '../content/localize.ts';
import { markdownToText } from '../lib/markdown.ts';
import { localePath } from '../i18n/paths.ts';
import { baseOf, downloadUrl } from './urls.ts';
import { absolute, urls } from '../lib/urls.ts';

/** Search engines want a description of 50 to 5000 characters. */
function description(text: string, title: string): string {
  let d = markdownToText(text).replace(/\s+/g, ' ').trim();
  if (d.length < 50) d = `${d}${d ? ' ' : ''}${title}: open data published on this portal.`.slice(0, 5000);
  return d.length > 5000 ? `${d.slice(0, 4999)}…` : d;
}

export function schemaOrgDataset(catalog: Catalog, ds: LoadedDataset, lang: string): Record<string, unknown> {
  const { portal } = catalog;
  const base = baseOf(catalog);
  const text = (v: Parameters<typeof localize>[0]) => localize(v, lang, portal.defaultLanguage);
  const cfg = ds.config;
  const publisher = catalog.publishers.get(cfg.publisher);
  const url = `${base}${localePath(urls.dataset(ds.slug), lang, portal.defaultLanguage)}`;
  const org = {
    '@type': 'Organization',
    name: text(publisher?.name) || cfg.publisher,
    ...(publisher?.url ? { url: publisher.url } : {}),
    ...(publisher?.email ? { email: publisher.email } : {}),
  };
  const temporal = cfg.temporal?.start || cfg.temporal?.end ? `${cfg.temporal?.start ?? '..'}/${cfg.temporal?.end ?? '..'}` : undefined;
  const variables = ds.resources.flatMap((r) =>
    (r.tableSchema?.fields ?? []).map((f) => ({
      '@type': 'PropertyValue',
      name: f.name,
      ...(typeof f.title === 'string' ? { alternateName: f.title } : {}),
      ...(typeof f.description === 'string' ? { description: f.description } : {}),
      ...(f.type ? { additionalType: f.type } : {}),
    })),
  );
  const title = text(cfg.title);
  return {
    '@context': 'https://schema.org/',
    '@type': 'Dataset',
    '@id': `${absolute(base, urls.dataset(ds.slug))}#dataset`,
    name: title,
    description: description(text(cfg.description), title),
    url,
    sameAs: absolute(base, urls.dataset(ds.slug)),
    identifier: absolute(base, urls.dataset(ds.slug)),
    inLanguage: lang,
    ...(cfg.tags.length ? { keywords: cfg.tags } : {}),
    license: ds.license.url || (ds.license.spdx ? `https://spdx.org/licenses/${ds.license.spdx}.html` : ds.license.id),
    isAccessibleForFree: true,
    creator: org,
    publisher: org,
    ...(cfg.created ? { datePublished: cfg.created } : {}),
    dateModified: cfg.updated,
    ...(temporal ? { temporalCoverage: temporal } : {}),
    ...(cfg.spatial ? { spatialCoverage: { '@type': 'Place', name: text(cfg.spatial) } } : {}),
    ...(cfg.attribution ? { creditText: text(cfg.attribution) } : {}),
    ...(cfg.source?.url ? { isBasedOn: cfg.source.url } : {}),
    includedInDataCatalog: { '@type': 'DataCatalog', name: text(portal.name), url: `${base}/` },
    distribution: ds.resources.map((r) => ({
      '@type': 'DataDownload',
      name: text(r.title) || r.name,
      contentUrl: downloadUrl(base, ds.slug, r),
      encodingFormat: r.mediaType,
      ...(r.url ? {} : { contentSize: `${r.bytes} B` }),
    })),
    ...(variables.length ? { variableMeasured: variables } : {}),
  };
}

/** JSON for a <script type="application/ld+json">: `<` escaped so no text can close the element. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
