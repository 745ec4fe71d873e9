import type { Catalog, LoadedDataset } from '../content/load.ts';
import { localize } from '../content/localize.ts';
import { markdownToText } from '../lib/markdown.ts';
import { localePath } from '../i18n/paths.ts';
import { identifierWords } from './text.ts';
import type { SearchDocument, SearchSettings } from './types.ts';
import { urls } from '../lib/urls.ts';

function days(iso: string): number {
  return Math.floor(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);
}

function columnsText(ds: LoadedDataset): string {
  const parts: string[] = [];
  for (const r of ds.resources) {
    for (const f of r.tableSchema?.fields ?? []) {
      parts.push(identifierWords(f.name));
      if (typeof f.title === 'string') parts.push(f.title);
      if (typeof f.description === 'string') parts.push(f.description);
    }
  }
  return parts.join(' · ');
}

/** The search documents of one dataset: one per portal language, text falling back to the default language. */
export function datasetDocuments(ds: LoadedDataset, catalog: Catalog): SearchDocument[] {
  const { portal } = catalog;
  const def = portal.defaultLanguage;
  const cfg = ds.config;
  const publisher = catalog.publishers.get(cfg.publisher);
  const columns = columnsText(ds);
  const formats = [...new Set(ds.resources.map((r) => r.format))];
  const titleIn = (lang: string) => localize(cfg.title, lang, def);
  return portal.languages.map((lang) => {
    const title = titleIn(lang);
    const description = markdownToText(localize(cfg.description, lang, def));
    const other = portal.languages
      .filter((l) => l !== lang)
      .map(titleIn)
      .filter((t) => t !== title)
      .join(' · ');
    return {
      id: `${ds.slug}:${lang}`,
      slug: ds.slug,
      lang,
      url: localePath(urls.dataset(ds.slug), lang, def),
      title,
      description,
      tags: cfg.tags,
      columns,
      sector: cfg.sector,
      publisher: cfg.publisher,
      publisherName: localize(publisher?.name, lang, def),
      license: ds.license.id,
      format: formats,
      tag: cfg.tags,
      frequency: cfg.frequency,
      updated: cfg.updated,
      updatedDays: days(cfg.updated),
      coverage: [localize(cfg.spatial, lang, def), cfg.temporal?.start ?? '', cfg.temporal?.end ?? ''].filter(Boolean).join(' '),
      other,
    };
  });
}

export function catalogDocuments(catalog: Catalog): SearchDocument[] {
  return catalog.datasets.flatMap((ds) => datasetDocuments(ds, catalog));
}

export function searchSettings(catalog: Catalog): SearchSettings {
  const { portal } = catalog;
  return {
    languages: portal.languages,
    defaultLanguage: portal.defaultLanguage,
    synonyms: portal.search.synonyms,
    stopWords: portal.search.stopWords,
  };
}
