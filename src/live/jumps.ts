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
  for (const [i, r] of rows.entries()) {
    const date = dateOf(r.data);
    if (r.reporter === null || date === undefined) continue;
    let previous = await previousInStore(r.reporter, date);
    for (const other of rows) {
      const d = dateOf(other.data);
      if (other.reporter === r.reporter && d !== undefined && d < date && (!previous || d > (dateOf(previous) ?? ''))) previous = other.data;
    }
    if (!previous) continue;
    for (const field of jump.fields) {
      const a = previous[field];
      const b = r.data[field];
      if (typeof a === 'number' && typeof b === 'number' && isJump(a, b, jump.factor)) {
        out.push({ row: sources[i] ?? null, field, value: b, previous: a, previousDate: dateOf(previous) ?? '', factor: jump.factor, reporter: r.reporter });
      }
    }
  }
  return out;
}

/** The jumps of a batch, previous values read from the store. */
export function storeJumps(store: LiveStore, ds: LiveDataset, rows: StoredRowInput[], sources: number[]): Promise<Jump[]> {
  return findJumps(ds, rows, sources, (reporter, before) => store.previousRow(ds.slug, reporter, ds.dateField!, before));
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
