import type { CkanIndex } from '../standards/ckan.ts';
import type { TextSearch } from '../standards/ckan-api.ts';
import { runtimeCatalog, runtimeFile } from './runtime-catalog.ts';
import { searchBackend } from './search.ts';

/** dist/portal/ckan.json, written by the build, read once. */
export function ckanRuntime(): CkanIndex {
  return runtimeFile<CkanIndex>('ckan.json');
}

/**
 * Text search for package_search `q`: the portal's search backend (the same engine
 * as /api/search, so CKAN clients get typo tolerance and accent folding too), in
 * the default language, most relevant first. CKAN pages at most 1,000 rows; so do we.
 */
export const ckanTextSearch: TextSearch = async (q) => {
  const { portal } = runtimeCatalog();
  const slugs: string[] = [];
  for (let page = 1; page <= 10; page++) {
    const r = await searchBackend().search({ q: q.slice(0, 200), lang: portal.defaultLanguage, filters: {}, sort: 'relevance', page, hitsPerPage: 100 });
    slugs.push(...r.hits.map((h) => h.slug));
    if (page >= r.totalPages) break;
  }
  return slugs;
};
