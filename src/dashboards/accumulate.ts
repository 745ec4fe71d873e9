// Streaming combination of rows into one value per (day, territory), for one indicator. Memory
// holds one small accumulator per day and territory, never rows.
import type { IndicatorConfig } from '../config/dashboard.ts';
import type { CodeMapper } from './codes.ts';
import { dayRange } from './dates.ts';
import type { IndicatorData } from './types.ts';
import type { Series } from './transforms.ts';

class Acc {
  sum = 0;
  count = 0;
  min = Infinity;
  max = -Infinity;
  den = 0;
  add(v: number | null, den: number | null) {
    this.count++;
    if (v !== null) {
      this.sum += v;
      if (v < this.min) this.min = v;
      if (v > this.max) this.max = v;
    }
    if (den !== null) this.den += den;
  }
  value(aggregate: IndicatorConfig['aggregate'], share: boolean): number | null {
    if (share) return this.den > 0 ? (this.sum / this.den) * 100 : null;
    switch (aggregate) {
      case 'count':
        return this.count;
      case 'mean':
        return this.count > 0 ? this.sum / this.count : null;
      case 'min':
        return Number.isFinite(this.min) ? this.min : null;
      case 'max':
        return Number.isFinite(this.max) ? this.max : null;
      default:
        return this.sum;
    }
  }
}

type ByDay = Map<string, Acc>;

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

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
  private total: ByDay = new Map();
  private byTerritory = new Map<string, ByDay>();
  private byReporter = new Map<string, ByDay>();
  private rows = 0;

  constructor(
    private readonly indicator: IndicatorConfig,
    private readonly cols: Columns,
    private readonly mapCode: CodeMapper,
  ) {}

  add(row: readonly unknown[]) {
    for (const [i, v] of this.cols.filter) {
      const cell = i < 0 ? null : row[i];
      if (cell === null || cell === undefined || String(cell) !== v) return;
    }
    const { value, date, territory, share, reporter } = this.cols;
    const day = date >= 0 ? row[date] : '';
    if (typeof day !== 'string') return;
    const v = value >= 0 ? num(row[value]) : null;
    // A row without a value adds nothing (but still counts for `aggregate: count`).
    if (v === null && this.indicator.aggregate !== 'count') return;
    const den = share >= 0 ? num(row[share]) : null;
    this.rows++;
    const key = day.slice(0, 10);
    at(this.total, key).add(v, den);
    if (territory >= 0) {
      const code = this.mapCode(row[territory]);
      if (code !== null) at(group(this.byTerritory, code), key).add(v, den);
    }
    if (reporter >= 0 && row[reporter] !== null && row[reporter] !== undefined) at(group(this.byReporter, String(row[reporter])), key).add(v, den);
  }

  finish(): IndicatorData {
    const keys = [...this.total.keys()].sort();
    const dates = this.cols.date < 0 ? [''] : keys.length ? dayRange(keys[0]!, keys[keys.length - 1]!) : [];
    const { aggregate } = this.indicator;
    const share = this.cols.share >= 0;
    const seriesOf = (byDay: ByDay): Series => dates.map((d) => byDay.get(d)?.value(aggregate, share) ?? null);
    const territories: Record<string, Series> = {};
    for (const [code, byDay] of [...this.byTerritory].sort(([a], [b]) => (a < b ? -1 : 1))) territories[code] = seriesOf(byDay);
    const out: IndicatorData = { id: this.indicator.id, dates, total: seriesOf(this.total), territories, codes: Object.keys(territories), rows: this.rows };
    if (this.cols.reporter >= 0) out.reporters = Object.fromEntries([...this.byReporter].map(([name, byDay]) => [name, seriesOf(byDay)]));
    return out;
  }
}

function at(map: ByDay, key: string): Acc {
  let acc = map.get(key);
  if (!acc) map.set(key, (acc = new Acc()));
  return acc;
}

function group(map: Map<string, ByDay>, key: string): ByDay {
  let g = map.get(key);
  if (!g) map.set(key, (g = new Map()));
  return g;
}
