// What the dashboard pages share, computed once per build: the figures of each dashboard and
// the territories of its map layer (code and name), sorted by name.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { lineSvg } from '../charts/line-svg.ts';
import { localize } from '../content/localize.ts';
import { dashboardFigures, type DashboardFigures } from '../dashboards/figures.ts';
import { readFigures } from '../dashboards/derive.ts';
import { dailyReporters } from '../dashboards/expected-reporters.ts';
import { dashboardJson, indicatorCsv, indicatorJson } from '../dashboards/export.ts';
import { formatter } from '../dashboards/present.ts';
import { urls } from '../lib/urls.ts';
import { DASHBOARD_MAPS_FILE, mapShape, type DashboardMapsFile } from '../dashboards/map-day.ts';
import { DASHBOARD_TERRITORIES_DIR, territoriesFile } from '../dashboards/territory-file.ts';
import type { LoadedDashboard } from '../dashboards/types.ts';
import { loadLayer, type ProjectedLayer } from '../preview/geo.ts';
import { getCatalog } from './catalog.ts';
import { staticContext } from './static.ts';

export interface DashboardView {
  dashboard: LoadedDashboard;
  figures: DashboardFigures;
  layer?: ReturnType<typeof getCatalog>['portal']['maps'][number];
  /** The layer projected to SVG (once per build), when the dashboard has one. */
  projected?: ProjectedLayer;
  /** Territories of the layer, by name. */
  territories: { code: string; name: string }[];
  nameOf: (code: string) => string;
}

const views = new Map<string, DashboardView>();

export function dashboardView(dashboard: LoadedDashboard): DashboardView {
  let v = views.get(dashboard.id);
  if (v) return v;
  const catalog = getCatalog();
  const expected = (slug: string) => {
    const ds = catalog.datasets.find((d) => d.slug === slug);
    return ds ? dailyReporters(ds) : undefined;
  };
  const figures = dashboardFigures(dashboard, readFigures(dashboard, catalog.datasets), expected);
  const layer = catalog.portal.maps.find((m) => m.id === dashboard.config.layer);
  const projected = layer ? loadLayer(join(catalog.root, layer.path), layer.key, layer.label) : undefined;
  const regions = projected?.regions ?? [];
  const names = new Map(regions.map((r) => [r.key, r.label]));
  const territories = [...names].map(([code, name]) => ({ code, name })).sort((a, b) => a.name.localeCompare(b.name, 'fr'));
  v = { dashboard, figures, layer, projected, territories, nameOf: (code) => names.get(code) ?? code };
  views.set(dashboard.id, v);
  return v;
}

/** Dashboards that show figures of a dataset. */
export function dashboardsUsing(slug: string): LoadedDashboard[] {
  return getCatalog().dashboards.filter((d) => d.indicators.some((i) => i.dataset === slug));
}

/** Dashboards with an indicator from a dataset of a sector. */
export function dashboardsOfSector(sector: string): LoadedDashboard[] {
  const slugs = new Set(
    getCatalog()
      .datasets.filter((d) => d.config.sector === sector)
      .map((d) => d.slug),
  );
  return getCatalog().dashboards.filter((d) => d.indicators.some((i) => slugs.has(i.dataset)));
}

/**
 * dist/portal/dashboard-maps.json: per dashboard with a map, its projected layer, territories
 * and mapped indicators, for the on-demand map at another day (src/dashboards/map-day.ts).
 */
export function writeDashboardMaps(portalDir: string): number {
  const out: DashboardMapsFile = {};
  for (const dashboard of getCatalog().dashboards) {
    const view = dashboardView(dashboard);
    const mapped = view.figures.indicators.filter((f) => Object.keys(f.territories).length > 0);
    if (!view.projected || mapped.length === 0) continue;
    out[dashboard.id] = {
      title: dashboard.config.title,
      layer: mapShape(view.projected),
      territories: view.territories,
      indicators: mapped.map((f) => ({ id: f.id, title: f.config.title, ...(f.config.decimals === undefined ? {} : { decimals: f.config.decimals }) })),
    };
  }
  writeFileSync(join(portalDir, DASHBOARD_MAPS_FILE), JSON.stringify(out));
  return Object.keys(out).length;
}

/**
 * dist/portal/dashboard-territories/<id>.json: per dashboard with territories, what its territory
 * pages and per-territory figures files need, answered on demand (src/server/dashboard-territory.ts).
 */
export function writeDashboardTerritories(portalDir: string): number {
  const dir = join(portalDir, DASHBOARD_TERRITORIES_DIR);
  mkdirSync(dir, { recursive: true });
  const titles = new Map(getCatalog().datasets.map((d) => [d.slug, d.config.title]));
  let written = 0;
  for (const dashboard of getCatalog().dashboards) {
    const view = dashboardView(dashboard);
    if (view.territories.length === 0) continue;
    const file = territoriesFile(dashboard.id, dashboard.config, view.territories, view.figures.indicators, (slug) => titles.get(slug));
    writeFileSync(join(dir, `${dashboard.id}.json`), JSON.stringify(file));
    written++;
  }
  return written;
}

/**
 * The files of every dashboard that are data, not pages: each card's figures
 * (/dashboards/<id>/figures/<indicator>.csv, .json) and chart as an image (.svg, the page's chart,
 * in each language: /<lang>/dashboards/… in the portal's other languages), and the dashboard's API (/api/dashboards/<id>, JSON; see
 * src/standards/openapi.ts). Written into the build like the derived downloads, so that their
 * compressed copies come from the cache of copies by content (src/server/http/precompress.ts)
 * whenever their bytes are those of an earlier build, whatever changed in the source or the
 * dashboard file. Returns the number of files written.
 */
export function writeDashboardFiles(clientDir: string): number {
  const catalog = getCatalog();
  const lang = catalog.portal.defaultLanguage;
  let written = 0;
  const write = (address: string, text: string) => {
    const file = join(clientDir, ...address.split('/').filter(Boolean).map(decodeURIComponent));
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    written++;
  };
  for (const d of catalog.dashboards) {
    const view = dashboardView(d);
    for (const f of view.figures.indicators) {
      write(urls.dashboardFigures(d.id, f.id, 'csv'), indicatorCsv(f, view.nameOf));
      write(urls.dashboardFigures(d.id, f.id, 'json'), JSON.stringify(indicatorJson(f, lang, view.nameOf, catalog.portal.languages)));
      // The chart as an image in each language, its words (title, ticks) those of the page linking it.
      for (const l of catalog.portal.languages) {
        const ctx = staticContext(l, urls.dashboardChart(d.id, f.id));
        const svg = lineSvg({
          id: `chart-${f.id}`,
          label: localize(f.config.title, l, lang),
          dates: f.dates,
          series: [{ label: localize(f.config.title, l, lang), values: f.total }],
          format: formatter(f.config, ctx),
          lang: l,
          standalone: true,
          marked: f.days?.carried,
        });
        write(ctx.href(urls.dashboardChart(d.id, f.id)), `<?xml version="1.0" encoding="UTF-8"?>\n${svg}\n`);
      }
    }
    write(urls.dashboardApi(d.id), JSON.stringify(dashboardJson(d, view.figures, lang, view.nameOf, catalog.portal.baseUrl, catalog.portal.languages)));
  }
  return written;
}
