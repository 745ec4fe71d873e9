import type { CkanIndex } from '../standards/ckan.ts';
import type { TextSearch } from '../standards/ckan-api.ts';
import { layerDatasets, publishLayer } from './publish-layer.ts';
import { runtimeCatalog, runtimeFile } from './runtime-catalog.ts';
import { searchBackend } from './search.ts';

let merged: { base: CkanIndex; generation: number; index: CkanIndex } | undefined;

/**
 * dist/portal/ckan.json, written by the build, read once; with the packages of the datasets
 * published since that build (src/server/publish-layer.ts) in place of theirs or added where the
 * build puts them (in name order), and the organizations' and groups' package counts counted
 * again, so that package_show answers a package_create at once, as CKAN does, and every action
 * agrees with the others until the rebuild.
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
  for (const p of replaced.values()) {
    const at = packages.findIndex((q) => q.name > p.name);
    packages.splice(at < 0 ? packages.length : at, 0, p);
  }
  // As the build counts them (src/standards/ckan.ts ckanFrame): a dataset's publisher is its package's organization, its sector its group.
  const counts = new Map<string, number>();
  const count = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
  for (const p of packages) {
    count(`o:${p.organization.name}`);
    for (const g of p.groups) count(`g:${g.name}`);
  }
  const organizations = base.organizations.map((o) => ({ ...o, package_count: counts.get(`o:${o.name}`) ?? 0 }));
  const groups = base.groups.map((g) => ({ ...g, package_count: counts.get(`g:${g.name}`) ?? 0 }));
  merged = { base, generation, index: { ...base, packages, organizations, groups } };
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
