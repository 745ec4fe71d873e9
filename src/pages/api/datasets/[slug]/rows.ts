import type { APIRoute } from 'astro';
import { csvHeader, csvRows } from '../../../../live/csv-out.ts';
import { pushRows } from '../../../../server/push.ts';
import { retractRows } from '../../../../server/retract.ts';
import { parseRowsQuery } from '../../../../live/query.ts';
import { apiError, json } from '../../../../server/api-error.ts';
import { liveOrUnavailable, type LiveContext } from '../../../../server/live.ts';

export const prerender = false;

function liveDataset(ctx: LiveContext, slug: string | undefined) {
  return slug ? ctx.datasets.get(slug) : undefined;
}

const notLive = (slug: string | undefined) => apiError(404, 'not_found', `No live dataset "${String(slug).slice(0, 100)}": rows can be read and pushed only for live datasets (see /reporting/).`);

/** GET rows of a live dataset: JSON (paged) or CSV (complete). */
export const GET: APIRoute = async ({ params, url }) => {
  const ctx = await liveOrUnavailable();
  if (ctx instanceof Response) return ctx;
  const ds = liveDataset(ctx, params.slug);
  if (!ds) return notLive(params.slug);
  const { format, raw, query, asOf, problems } = parseRowsQuery(ds, url.searchParams);
  if (problems.length) return apiError(400, 'invalid_parameter', `Invalid parameter${problems.length > 1 ? 's' : ''}: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}`, problems);
  const fields = ds.tableSchema.fields.map((f) => f.name);
  const headers = { 'Cache-Control': 'no-store', 'Access-Control-Allow-Origin': '*' };
  if (format === 'csv') {
    const { store } = ctx;
    const equals = query.equals;
    const range = query.range;
    const encoder = new TextEncoder();
    const filtered = Boolean(equals || range);
    // The link people click opens in a spreadsheet: formulas neutralised. raw=1: exact values for programs.
    const form = raw ? 'raw' : 'spreadsheet';
    const stream = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(encoder.encode(csvHeader(fields, form)));
        try {
          if (asOf) {
            const { rows } = await store.readRowsAsOf(ds.slug, asOf, { equals, range });
            controller.enqueue(encoder.encode(csvRows(fields, rows, form)));
          } else if (filtered) {
            const { rows } = await store.readRows(ds.slug, { equals, range });
            controller.enqueue(encoder.encode(csvRows(fields, rows, form)));
          } else {
            for await (const page of store.streamAll(ds.slug)) controller.enqueue(encoder.encode(csvRows(fields, page, form)));
          }
          controller.close();
        } catch (e) {
          controller.error(e);
        }
      },
    });
    return new Response(stream, { headers: { ...headers, 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${ds.slug}.csv"` } });
  }
  const [{ rows, total }, arrivals] = await Promise.all([asOf ? ctx.store.readRowsAsOf(ds.slug, asOf, query) : ctx.store.readRows(ds.slug, query), ctx.store.lastArrivals(ds.slug)]);
  const offset = query.offset ?? 0;
  const limit = query.limit!;
  let next: string | null = null;
  if (offset + rows.length < total) {
    const u = new URL(url);
    u.searchParams.set('offset', String(offset + limit));
    next = `${u.pathname}${u.search}`;
  }
  // A row whose jump its reporter confirmed says so (docs/live-data.md, "Jumps"); the CSV keeps the schema's columns only.
  return json({ rows: rows.map((r) => (r.confirmed ? { ...r.data, _confirmed: true } : r.data)), total, offset, limit, next, lastArrival: arrivals.lastArrival }, { headers });
};

/** POST rows to a live dataset. */
export const POST: APIRoute = async ({ params, request }) => {
  const ctx = await liveOrUnavailable();
  if (ctx instanceof Response) return ctx;
  const ds = liveDataset(ctx, params.slug);
  if (!ds) return notLive(params.slug);
  return pushRows(ctx, ds, request);
};

/** DELETE rows of a live dataset: a reporter's retraction, logged with its reason. */
export const DELETE: APIRoute = async ({ params, request }) => {
  const ctx = await liveOrUnavailable();
  if (ctx instanceof Response) return ctx;
  const ds = liveDataset(ctx, params.slug);
  if (!ds) return notLive(params.slug);
  return retractRows(ctx, ds, request);
};
