// /dashboards/<id>/figures/<indicator>.csv and .json: the figures of one card, for download.
import type { APIRoute } from 'astro';
import { indicatorCsv, indicatorJson } from '../../../../dashboards/export.ts';
import { getCatalog } from '../../../../site/catalog.ts';
import { dashboardView } from '../../../../site/dashboards.ts';

export function getStaticPaths() {
  return getCatalog().dashboards.flatMap((d) => dashboardView(d).figures.indicators.flatMap((f) => (['csv', 'json'] as const).map((ext) => ({ params: { id: d.id, file: `${f.id}.${ext}` }, props: { id: d.id, indicator: f.id, ext } }))));
}

export const GET: APIRoute = ({ props }) => {
  const { id, indicator, ext } = props as { id: string; indicator: string; ext: 'csv' | 'json' };
  const catalog = getCatalog();
  const view = dashboardView(catalog.dashboards.find((d) => d.id === id)!);
  const f = view.figures.indicators.find((x) => x.id === indicator)!;
  if (ext === 'csv') return new Response(indicatorCsv(f), { headers: { 'Content-Type': 'text/csv; charset=utf-8' } });
  return new Response(JSON.stringify(indicatorJson(f, catalog.portal.defaultLanguage, view.nameOf)), { headers: { 'Content-Type': 'application/json' } });
};
