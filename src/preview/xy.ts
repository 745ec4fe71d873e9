// Line, area and bar chart data from typed rows: the aggregation the build runs over a file
// (src/preview/derive.ts) and the chart island reruns in the browser over a live dataset's
// current rows. Pure: no Node module, so it ships in the island bundle.
import { GroupedAggregation } from './aggregate.ts';
import { lttb } from './lttb.ts';
import type { ResolvedChart } from './spec.ts';
import type { XY, XYChartData } from './types.ts';

export const MAX_POINTS = 1000;
export const MAX_GROUPS = 200;
export const MAX_BARS = 15;

/** What an xy chart needs of its spec (serialisable, so it can be an island prop). */
export type XYSpec = Pick<ResolvedChart, 'type' | 'x' | 'xType' | 'y' | 'series' | 'aggregate' | 'filter'>;

// Dates repeat from row to row: parse each distinct one once (bounded cache).
const parsed = new Map<string, number>();
export function epoch(v: string): number {
  let t = parsed.get(v);
  if (t === undefined) {
    t = Date.parse(v.length === 10 ? `${v}T00:00:00Z` : v);
    if (parsed.size > 50_000) parsed.clear();
    parsed.set(v, t);
  }
  return t;
}

export const xNumber = (v: unknown, time: boolean): number | null => {
  if (v === null || v === undefined) return null;
  if (time && typeof v === 'string') {
    const t = epoch(v);
    return Number.isNaN(t) ? null : t;
  }
  return typeof v === 'number' ? v : null;
};

export const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** The chart's filter as [column index, value]: a row passes when every cell equals its value as text. */
export function filterOf(chart: Pick<ResolvedChart, 'filter'>, index: Map<string, number>): [number, string][] {
  return Object.entries(chart.filter).map(([f, v]) => [index.get(f) ?? -1, String(v)]);
}

export function passes(filter: readonly [number, string][], row: readonly unknown[]): boolean {
  for (const [fi, v] of filter) {
    const cell = fi < 0 ? null : row[fi];
    if (cell === null || cell === undefined || String(cell) !== v) return false;
  }
  return true;
}

/** Streaming line/area/bar aggregation: add rows (typed cells in the order of `index`), then finish. */
export function planXY(chart: XYSpec, index: Map<string, number>): { add(row: readonly unknown[]): void; finish(): XYChartData } {
  const ys = chart.y.map((y) => index.get(y) ?? -1);
  let rows = 0;
  const xIdx = index.get(chart.x ?? '') ?? -1;
  const time = chart.xType === 'date' || chart.xType === 'datetime';
  const numericX = chart.type !== 'bar' && (time || chart.xType === 'number' || chart.xType === 'integer' || chart.xType === 'year');
  const seriesIdx = chart.series ? (index.get(chart.series) ?? -1) : -1;
  const agg = new GroupedAggregation(chart.aggregate, ys.length);
  const values: (number | null)[] = new Array(ys.length).fill(null);
  return {
    add(row) {
      rows++;
      const raw = row[xIdx];
      const x = numericX ? xNumber(raw, time) : raw === null || raw === undefined ? null : String(raw);
      if (x === null) return;
      for (let i = 0; i < ys.length; i++) values[i] = num(row[ys[i]!]);
      const g = seriesIdx >= 0 ? row[seriesIdx] : '';
      agg.add(g === null || g === undefined ? '' : String(g), x, values);
    },
    finish() {
      const totals = agg.totals();
      if (!numericX) {
        const cats = [...totals].map(([x, v]) => ({ x: String(x), values: v })).sort((a, b) => (b.values[0] ?? -Infinity) - (a.values[0] ?? -Infinity));
        return { kind: 'xy', numericX, total: [], categories: cats.slice(0, MAX_BARS), otherCategories: Math.max(0, cats.length - MAX_BARS), rows };
      }
      const seriesOf = (m: Map<string | number, (number | null)[]>, i: number): XY[] => {
        const pts: XY[] = [];
        for (const [x, v] of m) if (v[i] !== null && v[i] !== undefined) pts.push([x as number, v[i]!]);
        pts.sort((a, b) => a[0] - b[0]);
        return lttb(pts, MAX_POINTS);
      };
      const total = ys.map((_, i) => seriesOf(totals, i));
      if (seriesIdx < 0) return { kind: 'xy', numericX, total, rows };
      const groups = [...agg.groups]
        .filter(([id]) => id !== '')
        .map(([id, byX]) => {
          const flat = new Map<string | number, (number | null)[]>();
          let sum = 0;
          for (const [x, accs] of byX) {
            const v = accs.map((a) => a.value());
            flat.set(x, v);
            sum += Math.abs(v[0] ?? 0);
          }
          return { id, total: sum, flat };
        })
        .sort((a, b) => b.total - a.total || (a.id < b.id ? -1 : 1))
        .slice(0, MAX_GROUPS)
        .map((g) => ({ id: g.id, total: g.total, values: ys.map((_, i) => seriesOf(g.flat, i)) }));
      return { kind: 'xy', numericX, total, groups, rows };
    },
  };
}

/** Chart data from rows given as objects (the rows API): filter, then the same aggregation as the build. */
export function xyFromObjects(chart: XYSpec, fields: readonly string[], rows: Iterable<Record<string, unknown>>): XYChartData {
  const index = new Map(fields.map((f, i) => [f, i]));
  const filter = filterOf(chart, index);
  const plan = planXY(chart, index);
  for (const r of rows) {
    const row = fields.map((f) => r[f] ?? null);
    if (passes(filter, row)) plan.add(row);
  }
  return plan.finish();
}

/** The identity of a row: its key values, joined. */
export function rowKey(row: Record<string, unknown>, key: readonly string[]): string {
  return JSON.stringify(key.map((k) => row[k] ?? null));
}

/** Insert or replace rows by key (the last row of a key wins, as the store does). Returns how many were new. */
export function upsertRows(byKey: Map<string, Record<string, unknown>>, rows: readonly Record<string, unknown>[], key: readonly string[]): number {
  let added = 0;
  for (const r of rows) {
    const k = rowKey(r, key);
    if (!byKey.has(k)) added++;
    byKey.set(k, r);
  }
  return added;
}

/** Remove retracted rows by key. Returns how many were there. */
export function removeRows(byKey: Map<string, Record<string, unknown>>, rows: readonly Record<string, unknown>[], key: readonly string[]): number {
  let removed = 0;
  for (const r of rows) if (byKey.delete(rowKey(r, key))) removed++;
  return removed;
}
