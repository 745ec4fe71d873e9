import type { APIRoute } from 'astro';
import { ckanRuntime, ckanTextSearch } from '../../../../server/ckan-runtime.ts';
import { ckanAction } from '../../../../standards/ckan-api.ts';
import { MICRO } from '../../../../server/http/cache-control.ts';

// CKAN-compatible action API (read-only subset); see docs/open-standards.md.
export const prerender = false;

const answer = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json;charset=utf-8', 'Cache-Control': status === 200 ? MICRO : 'no-store', 'Access-Control-Allow-Origin': '*' },
  });

export const GET: APIRoute = async ({ params, url }) => {
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const all = url.searchParams.getAll(key);
    query[key] = all.length === 1 ? all[0]! : all;
  }
  const { status, body } = await ckanAction(ckanRuntime(), params.action ?? '', query, ckanTextSearch);
  return answer(status, body);
};

// CKAN clients (ckanapi, the harvesters) often POST a JSON object instead.
export const POST: APIRoute = async ({ params, request }) => {
  let data: unknown = {};
  const text = await request.text();
  if (text.trim()) {
    try {
      data = JSON.parse(text);
    } catch (e) {
      return answer(400, `Bad request - JSON Error: ${(e as Error).message}`);
    }
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return answer(400, 'Bad request - Bad request data: Request data JSON decoded to a non-dictionary');
  const query = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, typeof v === 'string' || Array.isArray(v) ? v : JSON.stringify(v)]));
  const { status, body } = await ckanAction(ckanRuntime(), params.action ?? '', query as Record<string, string>, ckanTextSearch);
  return answer(status, body);
};
