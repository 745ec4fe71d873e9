import { EmbeddedSearch, type EmbeddedIndexFile } from '../search/embedded.ts';
import { MeiliSearchBackend } from '../search/meilisearch.ts';
import type { SearchBackend } from '../search/types.ts';
import { runtimeFile } from './runtime-catalog.ts';

let backend: SearchBackend | undefined;

/**
 * The one place that chooses the search backend: Meilisearch when MEILI_URL is
 * set (MEILI_API_KEY stays here, on the server), otherwise the embedded index
 * built with the site (dist/portal/search-index.json), loaded once.
 */
export function searchBackend(env: NodeJS.ProcessEnv = process.env): SearchBackend {
  if (backend) return backend;
  if (env.MEILI_URL) {
    backend = new MeiliSearchBackend({ url: env.MEILI_URL, apiKey: env.MEILI_API_KEY, index: env.MEILI_INDEX || 'datasets' });
    return backend;
  }
  backend = EmbeddedSearch.fromFile(runtimeFile<EmbeddedIndexFile>('search-index.json', { keep: false }));
  return backend;
}
