// What a reporter-scoped token may write (docs/live-data.md, "Reporters"). A token limited to
// some reporters writes only rows whose reporter field names one of them, and never touches a
// row that already belongs to another reporter. Pure functions: the push handler and the form
// feed them the rows and what the store holds, so the rule is tested without a server.
import type { IncomingRow } from './body.ts';
import type { RowProblem } from './problems.ts';
import type { StoredRowInput, TokenRecord } from './store.ts';
import type { LiveDataset } from './types.ts';

/** The one reporter a token writes for, when it is limited to exactly one. */
export function soleReporter(token: Pick<TokenRecord, 'reporters'>): string | undefined {
  return token.reporters.length === 1 ? token.reporters[0] : undefined;
}

/** "H01" (Hôpital du Nord): an id with its declared name, for messages. */
export function reporterLabel(ds: Pick<LiveDataset, 'reporters'>, id: string | null): string {
  if (id === null) return 'no reporter';
  const name = ds.reporters?.find((r) => r.id === id)?.name;
  return name ? `"${id}" (${name})` : `"${id}"`;
}

/**
 * A single-reporter token fills the reporter field itself: a hospital need not type its own
 * number, and cannot mistype it. A value that is already there is kept and checked below.
 */
export function fillReporter(ds: Pick<LiveDataset, 'reporter'>, token: Pick<TokenRecord, 'reporters'>, incoming: IncomingRow[]): IncomingRow[] {
  const sole = soleReporter(token);
  const field = ds.reporter;
  if (sole === undefined || field === undefined) return incoming;
  return incoming.map((r) => {
    const v = r.values[field];
    return v === undefined || v === null || v === '' ? { row: r.row, values: { ...r.values, [field]: sole } } : r;
  });
}

/** Whether a key's reporter can differ from the row's reporter value: only when the key does not include the reporter field. */
export function needsExistingReporters(ds: Pick<LiveDataset, 'reporter' | 'key'>, token: Pick<TokenRecord, 'reporters'>): boolean {
  return token.reporters.length > 0 && ds.reporter !== undefined && !ds.key.includes(ds.reporter);
}

/**
 * The rows a token may not write: a reporter value outside its scope, or an existing row
 * (same key) that belongs to another reporter. `sources[i]` is where rows[i] came from (row
 * number or CSV line); `existing` maps keys already stored to their reporter.
 */
export function scopeProblems(
  ds: Pick<LiveDataset, 'reporter' | 'reporters'>,
  token: Pick<TokenRecord, 'reporters'>,
  rows: StoredRowInput[],
  sources: number[],
  existing: Map<string, string | null> = new Map(),
): RowProblem[] {
  if (token.reporters.length === 0 || ds.reporter === undefined) return [];
  const allowed = new Set(token.reporters);
  const scope = token.reporters.map((id) => reporterLabel(ds, id)).join(', ');
  const only = `this token reports only for ${scope}`;
  const problems: RowProblem[] = [];
  rows.forEach((r, i) => {
    const row = sources[i] ?? null;
    if (r.reporter === null || !allowed.has(r.reporter)) {
      problems.push({ row, field: ds.reporter!, message: `the row is for reporter ${reporterLabel(ds, r.reporter)}, but ${only}` });
      return;
    }
    const owner = existing.get(r.key);
    if (existing.has(r.key) && (owner === null || owner === undefined || !allowed.has(owner))) {
      problems.push({ row, field: ds.reporter!, message: `this row already exists for reporter ${reporterLabel(ds, owner ?? null)}, and ${only}` });
    }
  });
  return problems;
}

/** Whether a token may correct or retract an existing row of reporter `owner`: a token for the whole dataset may, a reporter's token only its own. */
export function mayChange(token: Pick<TokenRecord, 'reporters'>, owner: string | null): boolean {
  return token.reporters.length === 0 || (owner !== null && token.reporters.includes(owner));
}
