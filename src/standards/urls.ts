import type { Catalog, LoadedDataset, LoadedResource } from '../content/load.ts';
import { localize } from '../content/localize.ts';
import type { LocalizedText } from '../config/localized.ts';
import { absolute, urls } from '../lib/urls.ts';

/** The portal's baseUrl without a trailing slash (addresses themselves come from src/lib/urls.ts). */
export function baseOf(catalog: Catalog): string {
  return catalog.portal.baseUrl.replace(/\/+$/, '');
}

/** Every language's text of a localised value, in the portal's language order; a plain string is the default language's. */
export function texts(value: LocalizedText | undefined, languages: readonly string[]): [lang: string, text: string][] {
  if (value === undefined) return [];
  if (typeof value === 'string') return [[languages[0]!, value]];
  const ordered = languages.filter((l) => value[l] !== undefined);
  return ordered.map((l) => [l, value[l]!]);
}

export function defaultText(catalog: Catalog, value: LocalizedText | undefined): string {
  return localize(value, catalog.portal.defaultLanguage, catalog.portal.defaultLanguage);
}

export function resourceTitle(catalog: Catalog, r: LoadedResource): string {
  return defaultText(catalog, r.title) || r.name;
}

/** The address people (and DCAT `dcat:contactPoint`) write to about a dataset. */
export function contactOf(catalog: Catalog, ds: LoadedDataset): string | undefined {
  return ds.config.contact ?? catalog.publishers.get(ds.config.publisher)?.email ?? catalog.portal.contact;
}

/** Every data file of the catalog, for checksums (links are not files of the portal). */
export function dataFiles(catalog: Catalog): string[] {
  return catalog.datasets.flatMap((d) => d.resources.filter((r) => !r.url).map((r) => r.absPath));
}

/** Where a resource is downloaded: the portal's copy of its file, or, for a link (`url:`), the address it points to. */
export function downloadUrl(base: string, slug: string, r: LoadedResource): string {
  return r.url ?? absolute(base, urls.file(slug, r.path));
}
