// The rows of a time series' data table (the text alternative of its chart) as one HTML string.
// A territory page has a table per indicator, and there are hundreds of territory pages: the day
// cells are the same for every territory of an indicator, so they are written once per list of
// days and language, and each page only formats its own values. A territory page's table holds
// a recent window of days (tableWindow), the chart and the territory's figures files every day.
import { esc } from './svg.ts';

const dayCells = new WeakMap<readonly string[], Map<string, string[]>>();

/** `<th scope="row"><time …>day</time></th>` for each day, written once per list of days and language. */
function cellsOf(dates: readonly string[], lang: string, dayLabel: (iso: string) => string): string[] {
  let byLang = dayCells.get(dates);
  if (!byLang) dayCells.set(dates, (byLang = new Map()));
  let cells = byLang.get(lang);
  if (!cells) byLang.set(lang, (cells = dates.map((d) => `<th scope="row">${d ? `<time datetime="${esc(d)}">${esc(dayLabel(d))}</time>` : '—'}</th>`)));
  return cells;
}

/** Days `[start, end)` of a series: indices into its dates and values. */
export interface DayRange {
  start: number;
  end: number;
}

/**
 * The last `days` days of a series, ending on its last day with a value (the days of a
 * dashboard's series are consecutive, so `days` entries are `days` calendar days). `cut` says
 * whether an earlier day with a value is left out, i.e. whether the table shows less than the
 * chart. A series without any value gives an empty range.
 */
export function tableWindow(values: readonly (number | null)[], days: number): DayRange & { cut: boolean } {
  if (!(days >= 1)) throw new RangeError(`tableWindow: days must be at least 1, not ${days}`);
  let end = values.length;
  while (end > 0 && (values[end - 1] === null || values[end - 1] === undefined)) end--;
  const start = Math.max(0, end - days);
  let cut = false;
  for (let i = 0; i < start && !cut; i++) cut = values[i] !== null && values[i] !== undefined;
  return { start, end, cut };
}

/** Table rows, newest day first, for the days that have a value (within `range` when given). */
export function seriesTableRows(
  dates: readonly string[],
  values: readonly (number | null)[],
  format: (v: number) => string,
  lang: string,
  dayLabel: (iso: string) => string,
  range: DayRange = { start: 0, end: dates.length },
): string {
  const cells = cellsOf(dates, lang, dayLabel);
  let html = '';
  for (let i = Math.min(range.end, dates.length) - 1; i >= range.start; i--) {
    const v = values[i];
    if (v === null || v === undefined) continue;
    html += `<tr>${cells[i]}<td class="num">${esc(format(v))}</td></tr>`;
  }
  return html;
}
