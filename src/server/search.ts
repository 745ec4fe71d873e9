import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EmbeddedSearch, type EmbeddedIndexFile } from '../search/embedded.ts';
import { MeiliSearchBackend } from '../search/meilisearch.ts';
import type { SearchBackend } from '../search/types.ts';
import { distDir } from './runtime-catalog.ts';

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
  const file = join(distDir(), 'portal', 'search-index.json');
  if (!existsSync(file)) throw new Error(`${file} not found: run "npm run build" before serving`);
  backend = EmbeddedSearch.fromFile(JSON.parse(readFileSync(file, 'utf8')) as EmbeddedIndexFile);
  return backend;
}
