// /dashboards/<id>/figures/<indicator>.csv and .json: the figures of one card, for download;
// .svg: its chart as an image file (the page's chart, in the portal's default language).
import type { APIRoute } from 'astro';
import { lineSvg } from '../../../../charts/line-svg.ts';
import { indicatorCsv, indicatorJson } from '../../../../dashboards/export.ts';
import { formatter } from '../../../../dashboards/present.ts';
import { localize } from '../../../../content/localize.ts';
import { notFoundFile, staticContext, staticProps } from '../../../../site/static.ts';
import { urls } from '../../../../lib/urls.ts';
import { getCatalog } from '../../../../site/catalog.ts';
import { dashboardView } from '../../../../site/dashboards.ts';

export const prerender = false;
/** Rendered into static files by the build (src/build/freeze.ts), never on request. */
export function staticPaths() {
  return getCatalog().dashboards.flatMap((d) =>
    dashboardView(d).figures.indicators.flatMap((f) => (['csv', 'json', 'svg'] as const).map((ext) => ({ params: { id: d.id, file: `${f.id}.${ext}` }, props: { id: d.id, indicator: f.id, ext } }))),
  );
}

export const GET: APIRoute = ({ params }) => {
  const props = staticProps(params, staticPaths);
  if (!props) return notFoundFile();
  const { id, indicator, ext } = props as { id: string; indicator: string; ext: 'csv' | 'json' | 'svg' };
  const catalog = getCatalog();
  const view = dashboardView(catalog.dashboards.find((d) => d.id === id)!);
  const f = view.figures.indicators.find((x) => x.id === indicator)!;
  if (ext === 'svg') {
    const lang = catalog.portal.defaultLanguage;
    const ctx = staticContext(lang, urls.dashboardChart(id, indicator));
    const svg = lineSvg({
      id: `chart-${f.id}`,
      label: localize(f.config.title, lang, lang),
      dates: f.dates,
      series: [{ label: localize(f.config.title, lang, lang), values: f.total }],
      format: formatter(f.config, ctx),
      lang,
      standalone: true,
      marked: f.days?.carried,
    });
    return new Response(`<?xml version="1.0" encoding="UTF-8"?>\n${svg}\n`, { headers: { 'Content-Type': 'image/svg+xml' } });
  }
  if (ext === 'csv') return new Response(indicatorCsv(f), { headers: { 'Content-Type': 'text/csv; charset=utf-8' } });
  return new Response(JSON.stringify(indicatorJson(f, catalog.portal.defaultLanguage, view.nameOf)), { headers: { 'Content-Type': 'application/json' } });
};
