// /dashboards/<id>/figures/territories/<code>.csv and .json: every figure of one territory (each
// of its indicators, every day: what its page's charts show), linked from the territory page,
// whose tables show a recent window of them.
import type { APIRoute } from 'astro';
import { territoryCsv, territoryJson } from '../../../../../dashboards/export.ts';
import { getCatalog } from '../../../../../site/catalog.ts';
import { notFoundFile, staticProps } from '../../../../../site/static.ts';
import { dashboardView } from '../../../../../site/dashboards.ts';

export const prerender = false;
/** Rendered into static files by the build (src/build/freeze.ts), never on request. */
export function staticPaths() {
  return getCatalog().dashboards.flatMap((d) =>
    dashboardView(d).territories.flatMap((t) => (['csv', 'json'] as const).map((ext) => ({ params: { id: d.id, file: `${t.code}.${ext}` }, props: { id: d.id, code: t.code, ext } }))),
  );
}

export const GET: APIRoute = ({ params }) => {
  const props = staticProps(params, staticPaths);
  if (!props) return notFoundFile();
  const { id, code, ext } = props as { id: string; code: string; ext: 'csv' | 'json' };
  const catalog = getCatalog();
  const d = catalog.dashboards.find((x) => x.id === id)!;
  const view = dashboardView(d);
  if (ext === 'csv') return new Response(territoryCsv(view.figures, code), { headers: { 'Content-Type': 'text/csv; charset=utf-8' } });
  return new Response(JSON.stringify(territoryJson(d, view.figures, code, catalog.portal.defaultLanguage, view.nameOf)), { headers: { 'Content-Type': 'application/json' } });
};
