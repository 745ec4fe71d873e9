import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { filterCatalog } from '../site/catalog-filter.ts';
import type { CkanIndex } from '../standards/ckan.ts';
import type { TextSearch } from '../standards/ckan-api.ts';
import { distDir, runtimeCatalog } from './runtime-catalog.ts';

let cached: CkanIndex | undefined;

/** dist/portal/ckan.json, written by the build, read once. */
export function ckanRuntime(): CkanIndex {
  if (cached) return cached;
  const file = join(distDir(), 'portal', 'ckan.json');
  if (!existsSync(file)) throw new Error(`${file} not found: run "npm run build" before serving, or set PORTAL_DIST to the built dist/ folder`);
  cached = JSON.parse(readFileSync(file, 'utf8')) as CkanIndex;
  return cached;
}

/**
 * Text search for package_search `q`. For now the catalog's simple filter (every word in
 * the title, summary or tags, accent-insensitive); switch this one function to the search
 * backend (src/search/) once it lands.
 */
export const ckanTextSearch: TextSearch = (q) => {
  const catalog = runtimeCatalog();
  const all = catalog.datasets;
  const page = filterCatalog(all, { q, sectors: [], publishers: [], page: 1, hitsPerPage: Math.max(1, all.length) }, catalog.portal.defaultLanguage);
  return page.hits.map((d) => d.slug);
};
