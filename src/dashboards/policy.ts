// Adding up a live dataset whose reporters (hospitals) send their rows one by one. On the
// latest day only some have reported: a plain sum would show a fake collapse. The declared
// policy decides instead, and the page says how many reporters each day's figure rests on.
import type { LivePolicy } from '../config/dashboard.ts';
import type { Series } from './transforms.ts';

export interface PolicyResult {
  /** The total per day under the policy (null: not shown for that day). */
  values: Series;
  /** Reporters whose own row for that day is there. */
  reported: number[];
  /** Reporters counted in the figure of that day (carried-forward ones included). */
  counted: number[];
  /** Every reporter known. */
  reporters: number;
}

/**
 * `byReporter`: each reporter's value per day (same days as the dashboard series).
 * complete-periods-only: a day counts only when every reporter has reported it.
 * carry-forward N: a reporter's last value counts for N more days; a day where some reporter
 * has no value even so is not shown, never a partial sum.
 */
export function applyPolicy(byReporter: Record<string, Series>, days: number, policy: LivePolicy): PolicyResult {
  const names = Object.keys(byReporter);
  const carry = typeof policy === 'string' ? 0 : policy['carry-forward'];
  const values: Series = [];
  const reported: number[] = [];
  const counted: number[] = [];
  for (let d = 0; d < days; d++) {
    let sum = 0;
    let own = 0;
    let with_ = 0;
    for (const name of names) {
      const series = byReporter[name]!;
      const v = series[d];
      if (v !== null && v !== undefined) {
        own++;
        with_++;
        sum += v;
        continue;
      }
      for (let back = 1; back <= carry && d - back >= 0; back++) {
        const w = series[d - back];
        if (w !== null && w !== undefined) {
          with_++;
          sum += w;
          break;
        }
      }
    }
    reported.push(own);
    counted.push(with_);
    values.push(names.length > 0 && with_ === names.length ? sum : null);
  }
  return { values, reported, counted, reporters: names.length };
}
