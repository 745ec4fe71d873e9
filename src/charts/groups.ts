// A group of a grouped chart, as the line chart draws it: the preview stores each group as
// [epoch ms, value] points per value field (`/datasets/<slug>/_preview/chart-<n>.json`); the
// chart wants ISO days and one value per day and field. Pure, for the browser's group picker.
import type { XY } from '../preview/types.ts';

export interface DaySeries {
  dates: string[];
  /** One list per value field, aligned on `dates` (null where the field has no point that day). */
  values: (number | null)[][];
}

export function daySeries(fields: readonly (readonly XY[])[]): DaySeries {
  const days = new Set<number>();
  for (const f of fields) for (const [x] of f) days.add(x);
  const xs = [...days].sort((a, b) => a - b);
  const at = new Map(xs.map((x, i) => [x, i]));
  const values = fields.map((f) => {
    const out: (number | null)[] = new Array(xs.length).fill(null);
    for (const [x, y] of f) out[at.get(x)!] = y;
    return out;
  });
  return { dates: xs.map((x) => new Date(x).toISOString().slice(0, 10)), values };
}
