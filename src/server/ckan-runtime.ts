import type { CkanIndex } from '../standards/ckan.ts';
import type { TextSearch } from '../standards/ckan-api.ts';
import { layerDatasets, publishLayer } from './publish-layer.ts';
import { runtimeCatalog, runtimeFile } from './runtime-catalog.ts';
import { searchBackend } from './search.ts';

let merged: { base: CkanIndex; generation: number; index: CkanIndex } | undefined;

/**
 * dist/portal/ckan.json, written by the build, read once; with the packages of the datasets
 * published since that build (src/server/publish-layer.ts) in place of theirs or added at the end,
 * so that package_show answers a package_create at once, as CKAN does.
 */
export function ckanRuntime(): CkanIndex {
  const base = runtimeFile<CkanIndex>('ckan.json');
  const { generation } = publishLayer();
  const published = layerDatasets();
  if (published.length === 0) return base;
  if (merged?.base === base && merged.generation === generation) return merged.index;
  const replaced = new Map(published.map((d) => [d.slug, d.ckan]));
  const packages = base.packages.map((p) => {
    const fresh = replaced.get(p.name);
    replaced.delete(p.name);
    return fresh ?? p;
  });
  packages.push(...replaced.values());
  merged = { base, generation, index: { ...base, packages } };
  return merged.index;
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
