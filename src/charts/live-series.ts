// The daily series of a live dataset's chart, from its current rows: what the build draws as SVG
// from the published file and what the page's script redraws as rows arrive. When the dataset
// names its reporters (live.reporter) and the chart adds values up, a day is added up with the
// dataset's declared policy (src/dashboards/policy.ts, the dashboards' own code): the latest day,
// on which only some hospitals have reported yet, never shows as a fake collapse. Pure: no Node
// module, it ships in the page's script.
import type { LivePolicy } from '../config/live-policy.ts';
import { dayRange } from '../dashboards/dates.ts';
import { applyPolicy } from '../dashboards/policy.ts';
import { filterOf, passes, xyFromObjects, type XYSpec } from '../preview/xy.ts';
import { daySeries } from './groups.ts';

export interface LiveSeriesSpec {
  chart: XYSpec;
  /** Field names of the live resource, in Table Schema order. */
  fields: string[];
  /** The field naming who reported a row, when the dataset declares one. */
  reporter?: string;
  policy: LivePolicy;
}

export interface LiveSeries {
  /** Every day from the first to the last with rows (ISO). */
  dates: string[];
  /** One series per value field, aligned on `dates`; null: no figure that day. */
  values: (number | null)[][];
  /** Under a policy: reporters with a row of their own on each day. */
  reported?: number[];
  /** Reporters seen in the rows (the M of "n of M have reported"). */
  reporters?: number;
  /** Days whose figure counts some reporter's carried-forward value. */
  carried?: boolean[];
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}/;

/** Whether the chart's figures are sums over reporters, so that the policy applies. */
export function usesPolicy(spec: LiveSeriesSpec): boolean {
  return !!spec.reporter && spec.chart.aggregate === 'sum' && (spec.chart.xType === 'date' || spec.chart.xType === 'datetime');
}

export function liveSeries(rows: Iterable<Record<string, unknown>>, spec: LiveSeriesSpec): LiveSeries {
  if (!usesPolicy(spec)) {
    const data = xyFromObjects(spec.chart, spec.fields, rows);
    return data.kind === 'xy' ? daySeries(data.total) : { dates: [], values: [] };
  }
  const { chart } = spec;
  const x = chart.x ?? '';
  const reporter = spec.reporter!;
  const index = new Map(spec.fields.map((f, i) => [f, i]));
  const filter = filterOf(chart, index);
  // reporter → day → one sum per value field (null until a value is seen)
  const byReporter = new Map<string, Map<string, (number | null)[]>>();
  let first = '';
  let last = '';
  for (const r of rows) {
    if (
      !passes(
        filter,
        spec.fields.map((f) => r[f] ?? null),
      )
    )
      continue;
    const raw = r[x];
    const who = r[reporter];
    if (typeof raw !== 'string' || !ISO_DAY.test(raw) || who === null || who === undefined || who === '') continue;
    const day = raw.slice(0, 10);
    let days = byReporter.get(String(who));
    if (!days) byReporter.set(String(who), (days = new Map()));
    let sums = days.get(day);
    if (!sums) days.set(day, (sums = chart.y.map(() => null)));
    chart.y.forEach((y, i) => {
      const v = r[y];
      if (typeof v === 'number' && Number.isFinite(v)) sums[i] = (sums[i] ?? 0) + v;
    });
    if (!first || day < first) first = day;
    if (!last || day > last) last = day;
  }
  if (!first) return { dates: [], values: chart.y.map(() => []), reported: [], reporters: byReporter.size, carried: [] };
  const dates = dayRange(first, last);
  const reported = dates.map((d) => [...byReporter.values()].filter((days) => days.has(d)).length);
  const carried = dates.map(() => false);
  const values = chart.y.map((_, i) => {
    const series = Object.fromEntries([...byReporter].map(([who, days]) => [who, dates.map((d) => days.get(d)?.[i] ?? null)]));
    const r = applyPolicy(series, dates.length, spec.policy);
    r.values.forEach((v, d) => {
      if (v !== null && r.counted[d]! > r.reported[d]!) carried[d] = true;
    });
    return r.values;
  });
  return { dates, values, reported, reporters: byReporter.size, carried };
}
