// Geometry of a line chart, as plain data for an SVG template: scales, paths (broken where a
// value is missing, never drawn through a gap), axis ticks. Time series only: x is a day.
import { dayNumber } from '../dashboards/dates.ts';
import { linear, niceTicks } from './numbers.ts';
import { dateTicks, type DateTick } from './time-ticks.ts';

export interface LineInput {
  dates: readonly string[];
  series: readonly { label: string; values: readonly (number | null)[] }[];
  width: number;
  height: number;
  lang: string;
  /** Start the value axis at 0 when every value is positive (counts). */
  zero?: boolean;
  /** Days to mark with an open circle on every line (a live chart's carried-forward days). */
  marked?: readonly boolean[];
}

export interface LineLayout {
  width: number;
  height: number;
  plot: { left: number; top: number; right: number; bottom: number };
  paths: string[];
  yTicks: { value: number; y: number }[];
  xTicks: (DateTick & { x: number })[];
  /** Last point of each series, for a dot and an end label. */
  ends: ({ x: number; y: number } | undefined)[];
  /** Points of the marked days, per series (only when `marked` is given). */
  marks?: { x: number; y: number }[][];
}

export function pathOf(xs: readonly number[], ys: readonly (number | null)[]): string {
  let d = '';
  let pen = false;
  for (let i = 0; i < ys.length; i++) {
    const y = ys[i];
    if (y === null || y === undefined || !Number.isFinite(y)) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${xs[i]!.toFixed(1)} ${y.toFixed(1)}`;
    pen = true;
  }
  return d;
}

/** Date ticks at their x position: the only part of a layout that depends on the language. */
export function xTicksFor(dates: readonly string[], plot: LineLayout['plot'], lang: string): LineLayout['xTicks'] {
  const first = dates[0] ?? '';
  if (!first) return [];
  const last = dates[dates.length - 1] ?? first;
  const x = linear(dayNumber(first), dayNumber(last) || dayNumber(first) + 1, plot.left, plot.right);
  return dateTicks(first, last, lang).map((t) => ({ ...t, x: x(dayNumber(t.date)) }));
}

export function lineLayout(input: LineInput): LineLayout {
  const { dates, series, width, height } = input;
  const plot = { left: 56, top: 10, right: width - 12, bottom: height - 28 };
  const all = series.flatMap((s) => s.values.filter((v): v is number => v !== null && Number.isFinite(v)));
  let min = all.length ? Math.min(...all) : 0;
  const max = all.length ? Math.max(...all) : 1;
  if ((input.zero ?? true) && min > 0) min = 0;
  const ticks = niceTicks(min, max, 5);
  const y = linear(ticks[0] ?? min, ticks[ticks.length - 1] ?? max, plot.bottom, plot.top);
  const first = dates[0] ?? '';
  const last = dates[dates.length - 1] ?? first;
  const x = linear(dayNumber(first), dayNumber(last) || dayNumber(first) + 1, plot.left, plot.right);
  const xs = dates.map((d) => x(dayNumber(d)));
  const paths = series.map((s) =>
    pathOf(
      xs,
      s.values.map((v) => (v === null ? null : y(v))),
    ),
  );
  const ends = series.map((s) => {
    for (let i = s.values.length - 1; i >= 0; i--) if (s.values[i] !== null) return { x: xs[i]!, y: y(s.values[i]!) };
    return undefined;
  });
  const marked = input.marked;
  const marks = marked && series.map((s) => s.values.flatMap((v, i) => (marked[i] && v !== null && Number.isFinite(v) ? [{ x: xs[i]!, y: y(v) }] : [])));
  return {
    width,
    height,
    plot,
    paths,
    ...(marks ? { marks } : {}),
    yTicks: ticks.map((value) => ({ value, y: y(value) })),
    xTicks: xTicksFor(dates, plot, input.lang),
    ends,
  };
}

/** Sparkline: one series, no axes. */
export function sparkPath(values: readonly (number | null)[], width: number, height: number): string {
  const nums = values.filter((v): v is number => v !== null);
  // One figure (a count without dates, or a first day) is no line: no box drawn empty on the card.
  if (nums.length < 2) return '';
  const min = Math.min(...nums);
  const max = Math.max(...nums);
  const y = linear(min, max === min ? min + 1 : max, height - 2, 2);
  const x = linear(0, Math.max(1, values.length - 1), 1, width - 1);
  return pathOf(
    values.map((_, i) => x(i)),
    values.map((v) => (v === null ? null : y(v))),
  );
}
