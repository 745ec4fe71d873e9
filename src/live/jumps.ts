// Jump confirmation (docs/live-data.md, "Jumps"): a value more than `factor` times larger or
// smaller than the reporter's previous value (its row of the latest earlier date) is refused
// until the reporter confirms it, with ?confirm=jumps on the API or the form's checkbox; the
// confirmed rows are then marked as such (stored, in the audit log, `_confirmed` in the JSON rows).
// 60 occupied beds after 6 is more often a typing slip than an epidemic.
import type { LiveStore, StoredRowInput } from './store.ts';
import type { LiveDataset } from './types.ts';

/** One value that jumped: where, what, against which previous value. */
export interface Jump {
  row: number | null;
  field: string;
  value: number;
  previous: number;
  /** The date of the previous value's row. */
  previousDate: string;
  factor: number;
  reporter: string;
}

/**
 * Whether `value` jumped from `previous`: the larger is more than `factor` times the smaller,
 * a smaller value under 1 counting as 1 (from 0 to 3 beds is no jump; from 20 to 0 is, at 10).
 * Negative values are not compared.
 */
export function isJump(previous: number, value: number, factor: number): boolean {
  if (previous < 0 || value < 0) return false;
  return Math.max(previous, value) > factor * Math.max(Math.min(previous, value), 1);
}

/** A previous row of a reporter, from the store or from the same request. */
type Previous = (reporter: string, before: string) => Promise<Record<string, unknown> | undefined>;

/**
 * The jumps of a batch. Each row is compared with the same reporter's row of the latest
 * earlier date: in the request itself when it holds one later than the store's, else in the store.
 */
export async function findJumps(ds: Pick<LiveDataset, 'jump' | 'dateField'>, rows: StoredRowInput[], sources: number[], previousInStore: Previous): Promise<Jump[]> {
  const { jump, dateField } = ds;
  if (!jump || !dateField) return [];
  const out: Jump[] = [];
  const dateOf = (data: Record<string, unknown>) => (typeof data[dateField] === 'string' ? (data[dateField] as string) : undefined);
  // The request's own rows by reporter: a later one than the store's previous row is the previous one.
  const byReporter = new Map<string, { date: string; data: Record<string, unknown> }[]>();
  for (const r of rows) {
    const d = dateOf(r.data);
    if (r.reporter === null || d === undefined) continue;
    const list = byReporter.get(r.reporter);
    if (list) list.push({ date: d, data: r.data });
    else byReporter.set(r.reporter, [{ date: d, data: r.data }]);
  }
  for (const [i, r] of rows.entries()) {
    const date = dateOf(r.data);
    if (r.reporter === null || date === undefined) continue;
    let previous = await previousInStore(r.reporter, date);
    let previousDate = previous ? (dateOf(previous) ?? '') : '';
    for (const other of byReporter.get(r.reporter)!) {
      // On the same date, the request's row replaces the stored one.
      if (other.date < date && (!previous || other.date >= previousDate)) {
        previous = other.data;
        previousDate = other.date;
      }
    }
    if (!previous) continue;
    for (const field of jump.fields) {
      const a = previous[field];
      const b = r.data[field];
      if (typeof a === 'number' && typeof b === 'number' && isJump(a, b, jump.factor)) {
        out.push({ row: sources[i] ?? null, field, value: b, previous: a, previousDate, factor: jump.factor, reporter: r.reporter });
      }
    }
  }
  return out;
}

/**
 * The jumps of a batch, previous values read from the store: two queries per reporter of the
 * batch (its rows between the batch's first and last dates, and its latest row before), not
 * one per row, so a 10,000-row push stays quick.
 */
export function storeJumps(store: LiveStore, ds: LiveDataset, rows: StoredRowInput[], sources: number[]): Promise<Jump[]> {
  const field = ds.dateField;
  if (!ds.jump || !field) return Promise.resolve([]);
  const span = new Map<string, { from: string; to: string }>();
  for (const r of rows) {
    const d = r.data[field];
    if (r.reporter === null || typeof d !== 'string') continue;
    const s = span.get(r.reporter);
    span.set(r.reporter, s ? { from: d < s.from ? d : s.from, to: d > s.to ? d : s.to } : { from: d, to: d });
  }
  const history = new Map<string, Promise<Record<string, unknown>[]>>();
  return findJumps(ds, rows, sources, async (reporter, before) => {
    const s = span.get(reporter)!;
    if (!history.has(reporter)) history.set(reporter, store.previousRows(ds.slug, reporter, field, s.from, s.to));
    // Oldest first: the last one before `before` is the previous row.
    return (await history.get(reporter)!).findLast((r) => typeof r[field] === 'string' && (r[field] as string) < before);
  });
}

/** Mark the rows whose values jumped as confirmed (after the reporter confirmed them). */
export function markConfirmed(rows: StoredRowInput[], sources: number[], jumps: Jump[]): StoredRowInput[] {
  const jumped = new Set(jumps.map((j) => j.row));
  return rows.map((r, i) => (jumped.has(sources[i] ?? null) ? { ...r, confirmed: true } : r));
}

/** The API's wording (English, for programs and their developers). */
export function jumpMessage(j: Jump, reporter: string): string {
  const dir = j.value > j.previous ? 'more' : 'less';
  const times = dir === 'more' ? `more than ${j.factor} times` : `less than 1/${j.factor} of`;
  return `${j.field} (${j.value}) is ${times} the previous value of reporter ${reporter}, ${j.previous} on ${j.previousDate}; if it is right, send the request again with ?confirm=jumps`;
}
