// Colour classes for maps: quantile breaks, so that skewed data (most départements low, a few
// very high) still spread over every colour; a colour-blind-safe sequential palette
// (ColorBrewer YlGnBu) and a qualitative one for lines (Okabe–Ito).
import { roundSignificant } from './numbers.ts';

/** ColorBrewer YlGnBu, 5 classes: ordered light to dark, distinguishable with colour-vision deficiencies. */
export const SEQUENTIAL = ['#ffffcc', '#a1dab4', '#41b6c4', '#2c7fb8', '#253494'] as const;
/** Okabe–Ito: line colours distinguishable by every common colour-vision deficiency. */
export const QUALITATIVE = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9'] as const;
export const NO_VALUE = '#f2f2f2';

/** Upper bounds of up to `classes` quantile classes (the last is the maximum), rounded, without repeats. */
export function quantileBreaks(values: readonly number[], classes = SEQUENTIAL.length): number[] {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return [];
  const breaks: number[] = [];
  for (let i = 1; i <= classes; i++) {
    const q = sorted[Math.min(sorted.length - 1, Math.ceil((i / classes) * sorted.length) - 1)]!;
    const b = i === classes ? q : roundSignificant(q, 2);
    if (breaks.length === 0 || b > breaks[breaks.length - 1]!) breaks.push(b);
  }
  if (breaks[breaks.length - 1]! < sorted[sorted.length - 1]!) breaks[breaks.length - 1] = sorted[sorted.length - 1]!;
  return breaks;
}

/** Index of the class of `v` (0-based), or -1 without a value. */
export function classOf(v: number | null | undefined, breaks: readonly number[]): number {
  if (v === null || v === undefined || !Number.isFinite(v)) return -1;
  let i = 0;
  while (i < breaks.length - 1 && v > breaks[i]!) i++;
  return i;
}

/** Colour of `v`: spread over the palette whatever the number of classes. */
export function colourOf(v: number | null | undefined, breaks: readonly number[]): string {
  const i = classOf(v, breaks);
  if (i < 0) return NO_VALUE;
  const n = breaks.length;
  const at = n <= 1 ? SEQUENTIAL.length - 1 : Math.round((i * (SEQUENTIAL.length - 1)) / (n - 1));
  return SEQUENTIAL[at]!;
}
