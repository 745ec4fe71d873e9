// Numbers on charts: rounded to significant digits (0.245 stays 0.245, not 0.2; 32,676 shows
// as 32,700 only where a tick needs it), and "nice" ticks for value axes.

/** Round to `digits` significant digits (3 by default); integers of fewer digits stay exact. */
export function roundSignificant(v: number, digits = 3): number {
  if (v === 0 || !Number.isFinite(v)) return v;
  const magnitude = Math.floor(Math.log10(Math.abs(v)));
  const factor = 10 ** (digits - 1 - magnitude);
  return Math.round(v * factor) / factor;
}

/** Fraction digits that show `v` at `digits` significant digits (for Intl.NumberFormat). */
export function fractionDigitsFor(v: number, digits = 3): number {
  if (v === 0 || !Number.isFinite(v)) return 0;
  const magnitude = Math.floor(Math.log10(Math.abs(v)));
  return Math.max(0, Math.min(6, digits - 1 - magnitude));
}

/** The build's format for chart values in `lang` (3 significant digits), for scripts in the page. */
export function chartValueFormat(lang: string): (v: number) => string {
  const formats = new Map<number, Intl.NumberFormat>();
  return (v) => {
    const d = fractionDigitsFor(v);
    let f = formats.get(d);
    if (!f) formats.set(d, (f = new Intl.NumberFormat(lang, { maximumFractionDigits: d })));
    return f.format(v);
  };
}

/** About `count` round tick values covering [min, max] (steps of 1, 2 or 5 × 10^n). */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (min === max) {
    const pad = min === 0 ? 1 : Math.abs(min) * 0.1;
    min -= pad;
    max += pad;
  }
  const raw = (max - min) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const start = Math.floor(min / step) * step;
  const ticks: number[] = [];
  for (let v = start; v <= max + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  if (ticks[ticks.length - 1]! < max) ticks.push(Number((start + ticks.length * step).toPrecision(12)));
  return ticks;
}

/** A linear map from a domain to a range. */
export function linear(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  return (v) => r0 + (v - d0) * k;
}
