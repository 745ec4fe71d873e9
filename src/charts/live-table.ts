// The data table of a live chart (its text alternative): a row per day with the figures and, under
// a policy for missing reporters, on how many reporters the day rests and whether it carries
// values forward. One HTML string, written by the build and by the page's scripts (the dataset
// page's live chart, the dashboards' live indicators). Pure, and free of the aggregation code so
// that the dashboard's script stays small.
import type { LiveSeries } from './live-series.ts';
import { esc } from './svg.ts';

export interface LiveTableText {
  day: (iso: string) => string;
  value: (v: number) => string;
  /** "{reported} of {reporters}" with the numbers in. */
  reportedOf: (reported: number, reporters: number) => string;
  /** Said of a day whose figure counts carried-forward values. */
  carried: string;
}

/** The rows of the chart's data table (its text alternative), as one HTML string: the build and the page's script write the same. */
export function liveTableRows(s: LiveSeries, text: LiveTableText): string {
  return s.dates
    .map((d, i) => {
      const cells = s.values.map((v) => `<td class="num">${v[i] === null || v[i] === undefined ? '' : esc(text.value(v[i]!))}</td>`).join('');
      const who =
        s.reported && s.reporters !== undefined
          ? `<td>${esc(text.reportedOf(s.reported[i] ?? 0, s.reporters))}${s.carried?.[i] ? ` <span class="carried-note">(${esc(text.carried)})</span>` : ''}</td>`
          : '';
      return `<tr><th scope="row">${esc(text.day(d))}</th>${cells}${who}</tr>`;
    })
    .join('');
}
