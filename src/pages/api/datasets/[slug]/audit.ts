import type { APIRoute } from 'astro';
import { apiError } from '../../../../server/api-error.ts';
import { auditExport } from '../../../../server/audit.ts';
import { liveOrUnavailable } from '../../../../server/live.ts';

export const prerender = false;

/** GET the audit log of a live dataset (its publisher's token): JSON or CSV, streamed. */
export const GET: APIRoute = async ({ params, request }) => {
  const ctx = await liveOrUnavailable();
  if (ctx instanceof Response) return ctx;
  const ds = params.slug ? ctx.datasets.get(params.slug) : undefined;
  if (!ds) return apiError(404, 'not_found', `No live dataset "${String(params.slug).slice(0, 100)}" (see /reporting/).`);
  return auditExport(ctx, ds, request);
};
