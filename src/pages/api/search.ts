import type { APIRoute } from 'astro';
import { apiError, json } from '../../server/api-error.ts';
import { runtimeCatalog } from '../../server/runtime-catalog.ts';
import { searchBackend } from '../../server/search.ts';
import { MICRO } from '../../server/http/cache-control.ts';
import { parseSearchParams } from '../../search/query.ts';

export const prerender = false;

/** GET /api/search — the contract is in docs/search.md and /api/openapi.json. */
export const GET: APIRoute = async ({ url }) => {
  const { portal } = runtimeCatalog();
  const { query, problems } = parseSearchParams(url.searchParams, portal.languages);
  if (problems.length > 0) {
    return apiError(400, 'invalid_parameter', `Invalid search parameter${problems.length > 1 ? 's' : ''}: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}`, problems);
  }
  try {
    const result = await searchBackend().search(query);
    // X-Search-Backend: `embedded` when Meilisearch is set but down (src/server/search.ts FallbackSearch).
    return json(result, { headers: { 'Cache-Control': MICRO, 'Access-Control-Allow-Origin': '*', 'X-Search-Backend': result.backend } });
  } catch (e) {
    console.error(`search failed: ${(e as Error).message}`);
    return apiError(503, 'search_unavailable', 'Search is temporarily unavailable; please try again shortly.');
  }
};
