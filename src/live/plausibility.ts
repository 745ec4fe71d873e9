// Plausibility before acceptance (docs/live-data.md, "Plausibility"): beyond the Table Schema,
// a row's date must not be after today (plus a declared tolerance) nor before the dataset's
// temporal.start, and declared cross-field rules (lits_occupes <= lits_total) must hold. A row
// dated 2099-12-31 once stretched the public chart to 2099; these checks refuse it with a 422.
import { parseRule, type Operator, type Rule } from '../config/rules.ts';
import type { StoredRowInput } from './store.ts';
import type { LiveDataset } from './types.ts';

export { parseRule, type Rule };

const holds = (a: number | string, op: Operator, b: number | string): boolean =>
  op === '<=' ? a <= b : op === '<' ? a < b : op === '>=' ? a >= b : op === '>' ? a > b : op === '=' ? a === b : a !== b;

/** What the runtime file carries for these checks (src/live/runtime-file.ts). */
export interface PlausibilitySettings {
  /** temporal.start of the dataset: no row before it. */
  start?: string;
  /** Days after today a row's date may be (live.futureDays, 0 by default). */
  futureDays: number;
  rules: Rule[];
}

/** One implausible row, structured so the API (English) and the form (the page's language) word it each their way. */
export type Implausible =
  | { row: number | null; field: string; kind: 'future'; value: string; latest: string }
  | { row: number | null; field: string; kind: 'before-start'; value: string; start: string }
  | { row: number | null; field: string; kind: 'rule'; rule: Rule; left: number | string; right: number | string };

/**
 * The latest date a row may have: today where the day starts first (UTC+14, Kiribati), so no
 * reporter east of Greenwich is refused its own today, plus the declared tolerance.
 */
export function latestDate(now: Date, futureDays: number): string {
  return new Date(now.getTime() + 14 * 3_600_000 + futureDays * 86_400_000).toISOString().slice(0, 10);
}

export function implausibleRows(ds: Pick<LiveDataset, 'dateField' | 'plausibility'>, rows: StoredRowInput[], sources: number[], now = new Date()): Implausible[] {
  const p = ds.plausibility;
  if (!p) return [];
  const latest = latestDate(now, p.futureDays);
  const out: Implausible[] = [];
  rows.forEach((r, i) => {
    const row = sources[i] ?? null;
    const d = ds.dateField ? r.data[ds.dateField] : undefined;
    if (typeof d === 'string' && ds.dateField) {
      const day = d.slice(0, 10);
      if (day > latest) out.push({ row, field: ds.dateField, kind: 'future', value: d, latest });
      else if (p.start && day < p.start) out.push({ row, field: ds.dateField, kind: 'before-start', value: d, start: p.start });
    }
    for (const rule of p.rules) {
      const a = r.data[rule.left];
      const b = typeof rule.right === 'number' ? rule.right : r.data[rule.right];
      // An empty value is the Table Schema's business (required or not), not a rule's.
      if (a === null || a === undefined || b === null || b === undefined) continue;
      if (typeof a !== typeof b || (typeof a !== 'number' && typeof a !== 'string')) continue;
      if (!holds(a as number | string, rule.op, b as number | string)) out.push({ row, field: rule.left, kind: 'rule', rule, left: a as number | string, right: b as number | string });
    }
  });
  return out;
}

/** The API's wording (English, for programs and their developers). */
export function implausibleMessage(x: Implausible): string {
  switch (x.kind) {
    case 'future':
      return `"${x.value}" is after ${x.latest}: figures cannot be reported for a day that has not come yet`;
    case 'before-start':
      return `"${x.value}" is before ${x.start}, the first day of the dataset (temporal.start)`;
    case 'rule': {
      const right = typeof x.rule.right === 'number' ? String(x.rule.right) : `${x.rule.right} (${String(x.right)})`;
      return `${x.rule.left} (${String(x.left)}) must be ${x.rule.op} ${right}: rule "${x.rule.text}" of the dataset`;
    }
  }
}
