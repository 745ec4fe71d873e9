import type { FieldType } from '../tableschema/index.ts';

/** Distinct values tracked exactly per column; past this, distinct is reported as "more than". */
export const MAX_TRACKED_VALUES = 1000;
export const TOP_VALUES = 5;

export interface ColumnStats {
  name: string;
  type: FieldType;
  /** Values present (not missing). */
  count: number;
  missing: number;
  /** Exact number of distinct values, or MAX_TRACKED_VALUES when `distinctMore` is set. */
  distinct: number;
  /** True when there are more than `distinct` distinct values. */
  distinctMore?: true;
  /** Numbers: min, max, mean as numbers. Dates and times: ISO strings (mean of dates and datetimes only). */
  min?: number | string;
  max?: number | string;
  mean?: number | string;
  /** Strings and booleans: the most frequent values with their count, most frequent first. */
  top?: [string, number][];
  /** True when `top` counts only the first MAX_TRACKED_VALUES distinct values met. */
  topApprox?: true;
}

const NUMERIC = new Set<FieldType>(['number', 'integer', 'year']);
const TEMPORAL = new Set<FieldType>(['date', 'datetime', 'time', 'yearmonth']);
const FREQUENT = new Set<FieldType>(['string', 'boolean']);

/** Per-column statistics in one pass and bounded memory (at most MAX_TRACKED_VALUES counters per column). */
export class ColumnStatsAccumulator {
  private count = 0;
  private missing = 0;
  private readonly counts = new Map<string | number | boolean, number>();
  private overflow = false;
  private min: number | string | undefined;
  private max: number | string | undefined;
  private sum = 0;
  private lastDate = '';
  private lastEpoch = 0;
  private readonly numeric: boolean;
  private readonly temporal: boolean;
  private readonly meanOfDates: boolean;
  private readonly frequent: boolean;

  constructor(
    readonly name: string,
    readonly type: FieldType,
  ) {
    this.numeric = NUMERIC.has(type);
    this.temporal = TEMPORAL.has(type);
    this.meanOfDates = type === 'date' || type === 'datetime';
    this.frequent = FREQUENT.has(type);
  }

  add(value: unknown): void {
    if (value === null || value === undefined) {
      this.missing++;
      return;
    }
    this.count++;
    // Past MAX_TRACKED_VALUES distinct values, only texts and booleans keep counting (for `top`).
    if (!this.overflow || this.frequent) {
      const key = typeof value === 'object' ? JSON.stringify(value) : (value as string | number | boolean);
      const seen = this.counts.get(key);
      if (seen !== undefined) this.counts.set(key, seen + 1);
      else if (this.counts.size < MAX_TRACKED_VALUES) this.counts.set(key, 1);
      else this.overflow = true;
    }
    if (this.numeric && typeof value === 'number') {
      if (this.min === undefined || value < (this.min as number)) this.min = value;
      if (this.max === undefined || value > (this.max as number)) this.max = value;
      this.sum += value;
    } else if (this.temporal && typeof value === 'string') {
      if (this.min === undefined || value < (this.min as string)) this.min = value;
      if (this.max === undefined || value > (this.max as string)) this.max = value;
      if (this.meanOfDates) {
        if (value !== this.lastDate) {
          this.lastDate = value;
          this.lastEpoch = Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value);
        }
        this.sum += this.lastEpoch;
      }
    }
  }

  result(): ColumnStats {
    const out: ColumnStats = { name: this.name, type: this.type, count: this.count, missing: this.missing, distinct: this.counts.size };
    if (this.overflow) out.distinctMore = true;
    if (this.count > 0 && this.min !== undefined) {
      out.min = this.min;
      out.max = this.max;
      if (this.numeric) out.mean = this.sum / this.count;
      else if (this.meanOfDates) {
        const iso = new Date(this.sum / this.count).toISOString();
        out.mean = this.type === 'date' ? iso.slice(0, 10) : iso;
      }
    }
    if (FREQUENT.has(this.type) && this.count > 0) {
      out.top = [...this.counts]
        .map(([k, c]): [string, number] => [String(k), c])
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
        .slice(0, TOP_VALUES);
      if (this.overflow) out.topApprox = true;
    }
    return out;
  }
}
