import type { APIRoute } from 'astro';
import { parsePeriod } from '../../../../live/completeness.ts';
import { datasetCompleteness } from '../../../../live/status.ts';
import { apiError, json } from '../../../../server/api-error.ts';
import { liveOrUnavailable } from '../../../../server/live.ts';

export const prerender = false;

/** GET completeness of a live dataset for one period: who was expected, who reported, who is missing. */
export const GET: APIRoute = async ({ params, url }) => {
  const ctx = await liveOrUnavailable();
  if (ctx instanceof Response) return ctx;
  const ds = params.slug ? ctx.datasets.get(params.slug) : undefined;
  if (!ds) return apiError(404, 'not_found', `No live dataset "${String(params.slug).slice(0, 100)}" (see /reporting/).`);
  const unknown = [...url.searchParams.keys()].filter((k) => k !== 'period');
  const raw = url.searchParams.get('period');
  const period = raw === null ? undefined : parsePeriod(raw);
  if (!period || unknown.length) {
    return apiError(400, 'invalid_parameter', 'Give ?period= as a day (2020-11-15), an ISO week (2020-W46) or a month (2020-11).', [
      ...(!period ? [{ field: 'period', message: raw === null ? 'is required' : `"${raw.slice(0, 40)}" is not a day, an ISO week or a month` }] : []),
      ...unknown.slice(0, 5).map((k) => ({ field: k.slice(0, 50), message: 'unknown parameter; the only one is period' })),
    ]);
  }
  return json(await datasetCompleteness(ctx.store, ds, period), { headers: { 'Cache-Control': 'no-store', 'Access-Control-Allow-Origin': '*' } });
};
