// The rows of a time series' data table (the text alternative of its chart) as one HTML string.
// A territory page has four such tables of about 240 days each, and there are hundreds of
// territory pages: the day cells are the same for every territory of an indicator, so they are
// written once per list of days and language, and each page only formats its own values.
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

/** Table rows, newest day first, for the days that have a value. */
export function seriesTableRows(dates: readonly string[], values: readonly (number | null)[], format: (v: number) => string, lang: string, dayLabel: (iso: string) => string): string {
  const cells = cellsOf(dates, lang, dayLabel);
  let html = '';
  for (let i = dates.length - 1; i >= 0; i--) {
    const v = values[i];
    if (v === null || v === undefined) continue;
    html += `<tr>${cells[i]}<td class="num">${esc(format(v))}</td></tr>`;
  }
  return html;
}
