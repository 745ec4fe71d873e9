// /dashboards/<id>/figures/territories/<code>.csv and .json: every figure of one territory (each
// of its indicators, every day: what its page's charts show), linked from the territory page,
// whose tables show a recent window of them. Answered on demand from the dashboard's runtime
// file (src/server/dashboard-territory.ts), public with an ETag per build, file and territory.
import type { APIRoute } from 'astro';
import { territoryCsv, territoryJson } from '../../../../../dashboards/export.ts';
import { dashboardTerritoriesOf } from '../../../../../server/dashboard-territory.ts';
import { matchesEtag } from '../../../../../server/dashboard-day.ts';
import { STATIC } from '../../../../../server/http/cache-control.ts';
import { runtimeCatalog } from '../../../../../server/runtime-catalog.ts';
import { notFoundFile } from '../../../../../site/static.ts';

export const prerender = false;

const TYPES = { csv: 'text/csv; charset=utf-8', json: 'application/json' } as const;

export const GET: APIRoute = ({ params, request }) => {
  const m = /^(.+)\.(csv|json)$/.exec(params.file ?? '');
  const read = dashboardTerritoriesOf(params.id ?? '');
  const code = m?.[1] ?? '';
  if (!m || !read || !read.names.has(code)) return notFoundFile();
  const ext = m[2] as keyof typeof TYPES;
  const etag = `W/"${read.version}-${code}.${ext}"`;
  const headers = { ETag: etag, 'Cache-Control': STATIC, 'Content-Type': TYPES[ext] };
  if (matchesEtag(request.headers.get('if-none-match'), etag)) return new Response(null, { status: 304, headers });
  const { file, names } = read;
  const body =
    ext === 'csv' ? territoryCsv(file, code) : JSON.stringify(territoryJson(file, file, code, runtimeCatalog().portal.defaultLanguage, (c) => names.get(c) ?? c, runtimeCatalog().portal.languages));
  return new Response(body, { headers });
};
