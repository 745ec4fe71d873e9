// /api/dashboards/<id>: every figure of a dashboard as JSON, written at build (see openapi.ts).
import type { APIRoute } from 'astro';
import { dashboardJson } from '../../../dashboards/export.ts';
import { noSuchApiAddress } from '../../../server/api-error.ts';
import { getCatalog } from '../../../site/catalog.ts';
import { staticProps } from '../../../site/static.ts';
import { dashboardView } from '../../../site/dashboards.ts';

export const prerender = false;
/** Rendered into static files by the build (src/build/freeze.ts), never on request. */
export function staticPaths() {
  return getCatalog().dashboards.map((d) => ({ params: { id: d.id }, props: { id: d.id } }));
}

// Served, this route stands before /api/[...path]: it answers what that one would.
export const ALL: APIRoute = () => noSuchApiAddress();

export const GET: APIRoute = ({ params }) => {
  const props = staticProps(params, staticPaths);
  if (!props) return noSuchApiAddress();
  const catalog = getCatalog();
  const d = catalog.dashboards.find((x) => x.id === (props as { id: string }).id)!;
  const view = dashboardView(d);
  const body = dashboardJson(d, view.figures, catalog.portal.defaultLanguage, view.nameOf, catalog.portal.baseUrl);
  return new Response(JSON.stringify(body), { headers: { 'Content-Type': 'application/json' } });
};
