import { EmbeddedSearch, type EmbeddedIndexFile } from '../search/embedded.ts';
import { MeiliSearchBackend } from '../search/meilisearch.ts';
import type { SearchBackend } from '../search/types.ts';
import { runtimeFile } from './runtime-catalog.ts';
import { textSetting } from '../settings.ts';

let backend: SearchBackend | undefined;

/**
 * The one place that chooses the search backend: Meilisearch when MEILI_URL is
 * set (MEILI_API_KEY stays here, on the server), otherwise the embedded index
 * built with the site (dist/portal/search-index.json), loaded once.
 */
export function searchBackend(env: NodeJS.ProcessEnv = process.env): SearchBackend {
  if (backend) return backend;
  const url = textSetting('MEILI_URL', env);
  if (url) {
    backend = new MeiliSearchBackend({ url, apiKey: textSetting('MEILI_API_KEY', env), index: textSetting('MEILI_INDEX', env) ?? 'datasets' });
    return backend;
  }
  backend = EmbeddedSearch.fromFile(runtimeFile<EmbeddedIndexFile>('search-index.json', { keep: false }));
  return backend;
}
