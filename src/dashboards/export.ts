// The figures of a dashboard as data for re-users: exactly what the cards and charts show
// (after transforms and the live policy), for the whole area and every territory.
import { localize } from '../content/localize.ts';
import type { DashboardFigures, IndicatorFigures } from './figures.ts';
import type { LoadedDashboard } from './types.ts';

export function indicatorJson(f: IndicatorFigures, lang: string, nameOf: (code: string) => string) {
  return {
    id: f.id,
    title: localize(f.config.title, lang, lang),
    unit: f.config.unit ? localize(f.config.unit, lang, lang) : null,
    dataset: f.config.dataset,
    transform: f.config.transform,
    higherIs: f.config.higherIs,
    latest: f.card ?? null,
    reporting: f.reporting ?? null,
    dates: f.dates,
    total: f.total,
    territories: Object.fromEntries(Object.entries(f.territories).map(([code, values]) => [code, { name: nameOf(code), values }])),
  };
}

export function dashboardJson(d: LoadedDashboard, figures: DashboardFigures, lang: string, nameOf: (code: string) => string, baseUrl: string) {
  return {
    id: d.id,
    title: localize(d.config.title, lang, lang),
    url: `${baseUrl.replace(/\/+$/, '')}/dashboards/${encodeURIComponent(d.id)}/`,
    indicators: figures.indicators.map((f) => indicatorJson(f, lang, nameOf)),
  };
}

/** A CSV cell, quoted when it must be (RFC 4180). */
export const cell = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** One row per day: the date, the whole area, then one column per territory (code). */
export function indicatorCsv(f: IndicatorFigures): string {
  const codes = Object.keys(f.territories).sort();
  const lines = [['date', 'total', ...codes].map(cell).join(',')];
  f.dates.forEach((d, i) => {
    const v = (x: number | null | undefined) => (x === null || x === undefined ? '' : String(x));
    lines.push([d, v(f.total[i]), ...codes.map((c) => v(f.territories[c]![i]))].map(cell).join(','));
  });
  return `${lines.join('\r\n')}\r\n`;
}
