// What the page says about the data, in the page's language: values formatted by their
// Table Schema type, one-sentence summaries of charts.
import type { Translator, UiKey } from '../i18n/index.ts';
import type { MapChartData, XY, XYChartData } from './types.ts';
import { fractionDigitsFor } from '../charts/numbers.ts';

type Tr = Pick<Translator, 't' | 'number' | 'date' | 'lang'>;
const dateTimes = new Map<string, Intl.DateTimeFormat>();

/** A typed value as text for this language: numbers and dates with Intl, booleans translated. */
export function formatValue(value: unknown, type: string, tr: Tr): string {
  if (value === null || value === undefined) return '';
  switch (type) {
    case 'number':
    case 'integer':
      return typeof value === 'number' ? tr.number(value, { maximumFractionDigits: 6 }) : String(value);
    case 'date':
      return typeof value === 'string' ? tr.date(value, 'medium') : String(value);
    case 'datetime': {
      if (typeof value !== 'string') return String(value);
      let f = dateTimes.get(tr.lang);
      if (!f) dateTimes.set(tr.lang, (f = new Intl.DateTimeFormat(tr.lang, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })));
      const d = new Date(value);
      return Number.isNaN(d.getTime()) ? value : f.format(d);
    }
    case 'boolean':
      return value === true ? tr.t('preview.yes') : value === false ? tr.t('preview.no') : String(value);
    case 'geopoint':
      return Array.isArray(value) ? value.map((v) => tr.number(Number(v), { maximumFractionDigits: 5 })).join(' ; ') : JSON.stringify(value);
    case 'object':
    case 'array':
    case 'geojson':
      return typeof value === 'string' ? value : JSON.stringify(value);
    default:
      return String(value);
  }
}

/** x of a series point as text (a date, or a number). */
export function formatX(x: number, time: boolean, tr: Tr): string {
  return time ? tr.date(new Date(x).toISOString().slice(0, 10), 'medium') : tr.number(x);
}

function extremes(points: XY[]) {
  let min = points[0]!;
  let max = points[0]!;
  for (const p of points) {
    if (p[1] < min[1]) min = p;
    if (p[1] > max[1]) max = p;
  }
  return { first: points[0]!, last: points[points.length - 1]!, min, max };
}

// 3 significant digits, as on the charts: 0.245 stays 0.245 (not 0.2), 7,019 stays 7,019.
const n = (tr: Tr, v: number) => tr.number(v, { maximumFractionDigits: fractionDigitsFor(v) });

/** One sentence that says what a line, area or bar chart shows. */
export function summariseXY(data: XYChartData, fields: string[], time: boolean, tr: Tr & Pick<Translator, 'plural'>, grouped: boolean): string {
  if (data.categories) {
    const top = data.categories[0];
    if (!top) return tr.t('preview.summary.empty');
    return tr.plural('preview.summary.bar', data.categories.length + (data.otherCategories ?? 0), { field: fields[0] ?? '', top: top.x, value: n(tr, top.values[0] ?? 0) });
  }
  const pts = data.total[0] ?? [];
  if (pts.length === 0) return tr.t('preview.summary.empty');
  const e = extremes(pts);
  const key: UiKey = grouped ? 'preview.summary.lineTotal' : 'preview.summary.line';
  return tr.t(key, {
    field: fields[0] ?? '',
    start: formatX(e.first[0], time, tr),
    end: formatX(e.last[0], time, tr),
    min: n(tr, e.min[1]),
    minAt: formatX(e.min[0], time, tr),
    max: n(tr, e.max[1]),
    maxAt: formatX(e.max[0], time, tr),
    last: n(tr, e.last[1]),
  });
}

/** One sentence for a choropleth at one date. */
export function summariseMap(data: MapChartData, dateIndex: number, field: string, labelOf: (key: string) => string, tr: Tr): string {
  let min: [string, number] | undefined;
  let max: [string, number] | undefined;
  for (const [key, vals] of Object.entries(data.values)) {
    const v = vals[dateIndex];
    if (v === null || v === undefined) continue;
    if (!min || v < min[1]) min = [key, v];
    if (!max || v > max[1]) max = [key, v];
  }
  if (!min || !max) return tr.t('preview.summary.empty');
  const date = data.dates[dateIndex];
  return tr.t(date ? 'preview.summary.mapDate' : 'preview.summary.map', {
    field,
    date: date ? tr.date(date, 'long') : '',
    max: n(tr, max[1]),
    maxRegion: labelOf(max[0]),
    min: n(tr, min[1]),
    minRegion: labelOf(min[0]),
  });
}
