// The map of one indicator at a chosen day: what the static map page (the latest day) and the
// on-demand page at another day (`?day=YYYY-MM-DD`, src/pages/[...lang]/dashboards/[id]/map/
// [indicator]/day/) share, and the runtime file the build writes for the second one, so that the
// server draws the same map without reading the content folder or the GeoJSON layer.
import type { LocalizedText } from '../config/localized.ts';
import type { ProjectedLayer } from '../preview/geo.ts';
import { cell } from './export.ts';

/** A projected layer as the map component draws it (no projection function: it is JSON). */
export type MapShape = Pick<ProjectedLayer, 'width' | 'height' | 'regions' | 'insets' | 'copies'>;

/** What the build writes to dist/portal/dashboard-maps.json, per dashboard with a map. */
export interface DashboardMapFile {
  title: LocalizedText;
  layer: MapShape;
  /** Territories of the layer, by name (the ranking's ties and the data table keep this order). */
  territories: { code: string; name: string }[];
  /** Indicators with figures per territory, in the dashboard's order. */
  indicators: { id: string; title: LocalizedText; decimals?: number }[];
}
export type DashboardMapsFile = Record<string, DashboardMapFile>;

/** The runtime file's name in dist/portal/. */
export const DASHBOARD_MAPS_FILE = 'dashboard-maps.json';

/** The shape written to the runtime file (drops the projection function). */
export function mapShape(layer: MapShape): MapShape {
  return { width: layer.width, height: layer.height, regions: layer.regions, insets: layer.insets, copies: layer.copies };
}

/** The last day on which some territory has a value, or -1. */
export function lastDayWithValue(dates: readonly string[], territories: Iterable<readonly (number | null)[]>): number {
  const series = [...territories];
  for (let i = dates.length - 1; i >= 0; i--) if (series.some((s) => s[i] !== null && s[i] !== undefined)) return i;
  return -1;
}

export type DayChoice = { ok: true; at: number } | { ok: false; status: 400 | 404; reason: 'missing' | 'notDate' | 'outOfRange' };

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `value` is a real calendar day written YYYY-MM-DD (not 2020-02-30). */
export function isDay(value: string): boolean {
  const m = DAY.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

/**
 * The `day` query parameter against an indicator's days: its index, or why not (400: missing or
 * not a date; 404: a date on which the indicator has no figures, before, after or between them).
 */
export function chooseDay(value: string | null, dates: readonly string[]): DayChoice {
  const typed = (value ?? '').trim();
  if (typed === '') return { ok: false, status: 400, reason: 'missing' };
  if (!isDay(typed)) return { ok: false, status: 400, reason: 'notDate' };
  const at = dates.indexOf(typed);
  return at < 0 ? { ok: false, status: 404, reason: 'outOfRange' } : { ok: true, at };
}

/** One day of one indicator, per territory (by name), as the dated page's downloads give it. */
export function dayRows(territories: readonly { code: string; name: string }[], values: Record<string, number | null>) {
  return territories.map((t) => ({ code: t.code, name: t.name, value: values[t.code] ?? null }));
}

/** That day as CSV: code, name, value (empty when the territory has none). */
export function dayCsv(rows: ReturnType<typeof dayRows>): string {
  const lines = ['code,name,value', ...rows.map((r) => [r.code, r.name, r.value === null ? '' : String(r.value)].map(cell).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}
