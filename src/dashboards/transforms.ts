// The transforms of an indicator, as pure functions over a daily series without gaps (one value
// or null per day, see dates.ts). Null means "no figure": a transform never turns a missing day
// into a zero, so no card shows a fake collapse.
import type { TransformStep } from '../config/dashboard.ts';

export type Series = (number | null)[];

/** Day-to-day difference of a cumulative series (deaths since the start → deaths per day). */
export function dailyDifference(values: Series): Series {
  return values.map((v, i) => {
    const before = i > 0 ? values[i - 1] : null;
    return v === null || before === null || before === undefined ? null : v - before;
  });
}

/** Mean of the last `days` days; null unless each of them has a value. */
export function rollingMean(values: Series, days: number): Series {
  return values.map((_, i) => {
    if (i + 1 < days) return null;
    let sum = 0;
    for (let j = i - days + 1; j <= i; j++) {
      const v = values[j];
      if (v === null || v === undefined) return null;
      sum += v;
    }
    return sum / days;
  });
}

/** Difference with the value `days` days earlier. */
export function changeOver(values: Series, days: number): Series {
  return values.map((v, i) => {
    const before = i >= days ? values[i - days] : null;
    return v === null || before === null || before === undefined ? null : v - before;
  });
}

/** Rate per 100,000 inhabitants; null without a population. */
export function per100k(values: Series, population: number | undefined): Series {
  return values.map((v) => (v === null || !population ? null : (v * 100_000) / population));
}

/** Every value multiplied by `factor` (a 0–1 ratio shown in percent: 100). */
export function scale(values: Series, factor: number): Series {
  return values.map((v) => (v === null ? null : v * factor));
}

/** Apply the steps of an indicator's `transform:` in order. */
export function applyTransforms(values: Series, steps: readonly TransformStep[], population?: number): Series {
  let out = values;
  for (const step of steps) {
    if (step === 'daily-difference') out = dailyDifference(out);
    else if (step === 'per-100k') out = per100k(out, population);
    else if ('rolling-mean' in step) out = rollingMean(out, step['rolling-mean']);
    else if ('scale' in step) out = scale(out, step.scale);
    else out = changeOver(out, step.change);
  }
  return out;
}

/** Whether a step needs a date column (a series of days) to mean anything. */
export function needsDates(step: TransformStep): boolean {
  return step !== 'per-100k' && !(typeof step === 'object' && 'scale' in step);
}

export function stepName(step: TransformStep): string {
  return typeof step === 'string' ? step : Object.keys(step)[0]!;
}
