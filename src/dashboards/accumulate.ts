// Streaming combination of rows into one value per (day, territory), for one indicator. Memory
// holds a few numbers per day and territory, never rows. The figures pass runs every row of a
// dashboard's files through one accumulator per indicator (hundreds of thousands of calls on the
// example content), so a row costs map look-ups of values already seen and typed-array writes:
// no object or string is allocated per row (docs/dashboards.md, "Build").
import type { IndicatorConfig } from '../config/dashboard.ts';
import type { CodeMapper } from './codes.ts';
import { dayRange } from './dates.ts';
import type { IndicatorData } from './types.ts';
import type { Series } from './transforms.ts';

/** Sum, count, min, max and denominator per day (by day index) of one group of rows. */
class Group {
  sum: Float64Array;
  count: Float64Array;
  min: Float64Array;
  max: Float64Array;
  den: Float64Array;
  constructor(size: number) {
    this.sum = new Float64Array(size);
    this.count = new Float64Array(size);
    this.min = new Float64Array(size).fill(Infinity);
    this.max = new Float64Array(size).fill(-Infinity);
    this.den = new Float64Array(size);
  }
  grow(size: number) {
    const grown = (a: Float64Array, fill: number) => {
      const b = new Float64Array(size);
      if (fill !== 0) b.fill(fill, a.length);
      b.set(a);
      return b;
    };
    this.sum = grown(this.sum, 0);
    this.count = grown(this.count, 0);
    this.min = grown(this.min, Infinity);
    this.max = grown(this.max, -Infinity);
    this.den = grown(this.den, 0);
  }
  add(day: number, v: number | null, den: number | null) {
    if (day >= this.count.length) this.grow(Math.max(day + 1, this.count.length * 2));
    this.count[day]!++;
    if (v !== null) {
      this.sum[day]! += v;
      if (v < this.min[day]!) this.min[day] = v;
      if (v > this.max[day]!) this.max[day] = v;
    }
    if (den !== null) this.den[day]! += den;
  }
  /** The combined value of a day; null for a day without rows. */
  value(day: number | undefined, aggregate: IndicatorConfig['aggregate'], share: boolean): number | null {
    if (day === undefined || day >= this.count.length || this.count[day] === 0) return null;
    if (share) return this.den[day]! > 0 ? (this.sum[day]! / this.den[day]!) * 100 : null;
    switch (aggregate) {
      case 'count':
        return this.count[day]!;
      case 'mean':
        return this.sum[day]! / this.count[day]!;
      case 'min':
        return Number.isFinite(this.min[day]) ? this.min[day]! : null;
      case 'max':
        return Number.isFinite(this.max[day]) ? this.max[day]! : null;
      default:
        return this.sum[day]!;
    }
  }
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** f(cell), computed once per distinct cell value (cells repeat: days, codes, filter values). */
function memo<T>(f: (cell: unknown) => T): (cell: unknown) => T {
  const seen = new Map<unknown, T>();
  return (cell) => {
    if (typeof cell === 'object' && cell !== null) return f(cell);
    let out = seen.get(cell);
    if (out === undefined && !seen.has(cell)) seen.set(cell, (out = f(cell)));
    return out as T;
  };
}

export interface Columns {
  value: number;
  date: number;
  territory: number;
  share: number;
  reporter: number;
  filter: [number, string][];
}

/** Add rows (typed cells) one by one, then `finish()` gives the indicator's data. */
export class IndicatorAccumulator {
  /** Day (the first 10 characters of the date cell) → index into every group's arrays. */
  private days = new Map<string, number>();
  private total = new Group(64);
  private byTerritory = new Map<string, Group>();
  private byReporter = new Map<string, Group>();
  private rows = 0;
  private readonly filters: [number, (cell: unknown) => boolean][];
  private readonly dayOf: (cell: unknown) => number;
  private readonly territoryOf: (cell: unknown) => Group | null;
  private readonly reporterOf: (cell: unknown) => Group;

  constructor(
    private readonly indicator: IndicatorConfig,
    private readonly cols: Columns,
    mapCode: CodeMapper,
  ) {
    this.filters = cols.filter.map(([i, v]) => [i, memo((cell) => cell !== null && cell !== undefined && String(cell) === v)]);
    this.dayOf = memo((cell) => {
      const key = (cell as string).slice(0, 10);
      let day = this.days.get(key);
      if (day === undefined) this.days.set(key, (day = this.days.size));
      return day;
    });
    this.territoryOf = memo((cell) => {
      const code = mapCode(cell);
      return code === null ? null : group(this.byTerritory, code);
    });
    this.reporterOf = memo((cell) => group(this.byReporter, String(cell)));
  }

  add(row: readonly unknown[]) {
    for (const [i, passes] of this.filters) if (!passes(i < 0 ? null : row[i])) return;
    const { value, date, territory, share, reporter } = this.cols;
    const cell = date >= 0 ? row[date] : '';
    if (typeof cell !== 'string') return;
    const v = value >= 0 ? num(row[value]) : null;
    // A row without a value adds nothing (but still counts for `aggregate: count`).
    if (v === null && this.indicator.aggregate !== 'count') return;
    const den = share >= 0 ? num(row[share]) : null;
    this.rows++;
    const day = this.dayOf(cell);
    this.total.add(day, v, den);
    if (territory >= 0) this.territoryOf(row[territory])?.add(day, v, den);
    if (reporter >= 0 && row[reporter] !== null && row[reporter] !== undefined) this.reporterOf(row[reporter]).add(day, v, den);
  }

  finish(): IndicatorData {
    const keys = [...this.days.keys()].sort();
    const dates = this.cols.date < 0 ? [''] : keys.length ? dayRange(keys[0]!, keys[keys.length - 1]!) : [];
    const { aggregate } = this.indicator;
    const share = this.cols.share >= 0;
    const index = dates.map((d) => this.days.get(d));
    const seriesOf = (g: Group): Series => index.map((day) => g.value(day, aggregate, share));
    const territories: Record<string, Series> = {};
    for (const [code, g] of [...this.byTerritory].sort(([a], [b]) => (a < b ? -1 : 1))) territories[code] = seriesOf(g);
    const out: IndicatorData = { id: this.indicator.id, dates, total: seriesOf(this.total), territories, codes: Object.keys(territories), rows: this.rows };
    if (this.cols.reporter >= 0) out.reporters = Object.fromEntries([...this.byReporter].map(([name, g]) => [name, seriesOf(g)]));
    return out;
  }
}

function group(map: Map<string, Group>, key: string): Group {
  let g = map.get(key);
  if (!g) map.set(key, (g = new Group(64)));
  return g;
}
