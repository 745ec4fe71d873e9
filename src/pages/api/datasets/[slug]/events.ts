import type { APIRoute } from 'astro';
import { eventsFromRows, type RowEvent } from '../../../../live/hub.ts';
import { apiError } from '../../../../server/api-error.ts';
import { live } from '../../../../server/live.ts';

export const prerender = false;

const format = (e: RowEvent) =>
  e.retracted
    ? `id: ${e.id}\nevent: retracted\ndata: ${JSON.stringify({ arrived: e.arrived, rows: e.retracted })}\n\n`
    : `id: ${e.id}\nevent: rows\ndata: ${JSON.stringify({ arrived: e.arrived, rows: e.rows })}\n\n`;

/**
 * Server-sent events: one `rows` event per committed request, one `retracted` event per
 * retraction (the rows as they were, so a page removes them). A client that reconnects
 * with Last-Event-ID (header, or ?lastEventId= for the first connection) first gets every
 * row written since, then live events. A comment line every PORTAL_SSE_HEARTBEAT seconds keeps proxies from closing it.
 */
export const GET: APIRoute = async ({ params, request, url }) => {
  const ctx = await live();
  const ds = params.slug ? ctx.datasets.get(params.slug) : undefined;
  if (!ds) return apiError(404, 'not_found', `No live dataset "${String(params.slug).slice(0, 100)}".`);
  const resumeRaw = request.headers.get('last-event-id') ?? url.searchParams.get('lastEventId');
  const resume = resumeRaw !== null && /^\d{1,15}$/.test(resumeRaw) ? Number(resumeRaw) : undefined;
  if (resumeRaw !== null && resume === undefined) return apiError(400, 'invalid_parameter', 'Last-Event-ID must be an event id (digits).');
  const encoder = new TextEncoder();
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      let closed = false;
      const send = (text: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      // Subscribe before catching up, and hold live events until the catch-up is sent, so none is lost or doubled.
      let lastSent = resume ?? 0;
      let buffer: RowEvent[] | undefined = resume !== undefined ? [] : undefined;
      const unsubscribe = ctx.events.subscribe(ds.slug, (e) => {
        if (buffer) buffer.push(e);
        else if (e.id > lastSent) {
          lastSent = e.id;
          send(format(e));
        }
      });
      // PORTAL_SSE_HEARTBEAT=0 turns keep-alive comments off (behind a proxy with its own).
      const heartbeat = ctx.settings.heartbeatMs > 0 ? setInterval(() => send(': heartbeat\n\n'), ctx.settings.heartbeatMs) : undefined;
      cleanup = () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        unsubscribe();
        try {
          controller.close();
        } catch {
          /* already closed */
        }
      };
      request.signal?.addEventListener('abort', cleanup, { once: true });
      send('retry: 2000\n: connected\n\n');
      if (resume !== undefined) {
        try {
          for (;;) {
            const rows = await ctx.store.rowsSince(ds.slug, lastSent, 5000);
            if (rows.length === 0) break;
            // Catch-up events carry the rows' own arrival times; one event per page, and one per
            // run of retractions in it, in the order they were committed.
            for (const e of eventsFromRows(rows, [])) send(format(e));
            lastSent = rows[rows.length - 1]!.seq;
            if (rows.length < 5000) break;
          }
        } catch (e) {
          console.error(`event stream catch-up failed: ${(e as Error).message}`);
        }
        const held = buffer ?? [];
        buffer = undefined;
        for (const e of held) {
          if (e.id > lastSent) {
            lastSent = e.id;
            send(format(e));
          }
        }
      }
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, {
    headers: { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive', 'X-Accel-Buffering': 'no', 'Access-Control-Allow-Origin': '*' },
  });
};
