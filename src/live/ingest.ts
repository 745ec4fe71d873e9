import { compileTableSchema, type CompiledSchema } from '../tableschema/index.ts';
import type { IncomingRow } from './body.ts';
import type { EventFanout } from './hub.ts';
import { PUSH_LIMIT_DEFAULTS } from './limits.ts';
import { ProblemList, type ProblemLimits, type RowProblem } from './problems.ts';
import type { Author, LiveStore, StoredRowInput, UpsertResult } from './store.ts';
import type { LiveDataset } from './types.ts';

export type { RowProblem };

/** Caps on the work of validating one push (settings in src/server/live.ts, docs/security.md). */
export interface ValidationLimits extends ProblemLimits {
  /** Most properties a JSON row, or cells a CSV header, may have. */
  maxColumns: number;
}

/** Unknown columns listed one by one up to this many (typos, with a hint), then summed up in one problem. */
const UNKNOWN_LISTED = 3;

export function schemaOf(ds: LiveDataset): CompiledSchema {
  return compileTableSchema(ds.tableSchema);
}

/** The key of a cast row: JSON of its key values, in key order. */
export function rowKey(ds: LiveDataset, row: Record<string, unknown>): string {
  return JSON.stringify(ds.key.map((k) => row[k] ?? null));
}

export function toStored(ds: LiveDataset, row: Record<string, unknown>): StoredRowInput {
  const r = ds.reporter ? row[ds.reporter] : null;
  return { key: rowKey(ds, row), data: row, reporter: r === null || r === undefined ? null : String(r) };
}

/** Check CSV header names against the schema: unknown columns and missing key/required columns. */
export function headerProblems(ds: LiveDataset, header: string[], limits: ProblemLimits = PUSH_LIMIT_DEFAULTS): RowProblem[] {
  const schema = schemaOf(ds);
  const problems = new ProblemList(limits);
  const known = new Set(schema.fieldNames);
  const seen = new Set<string>();
  const unknown: string[] = [];
  for (const h of header) {
    if (seen.has(h)) problems.add({ row: 1, field: h, message: `column "${h}" appears twice` });
    seen.add(h);
    if (!known.has(h)) unknown.push(h);
  }
  const fields = `fields: ${schema.fieldNames.join(', ')}`;
  if (unknown.length <= UNKNOWN_LISTED) {
    for (const h of unknown) problems.add({ row: 1, field: h, message: `"${h}" is not a field of the schema (${fields})` });
  } else {
    const shown = unknown
      .slice(0, UNKNOWN_LISTED)
      .map((h) => `"${h.slice(0, 40)}"`)
      .join(', ');
    problems.add({ row: 1, field: null, message: `${unknown.length.toLocaleString('en-US')} columns are not fields of the schema: ${shown}, … (${fields})` });
  }
  for (const f of schema.fields) {
    if (!seen.has(f.name) && (f.constraints?.required || ds.key.includes(f.name))) problems.add({ row: 1, field: f.name, message: `column "${f.name}" is missing` });
  }
  return problems.details();
}

/**
 * Validate rows with the build's Table Schema code (validateObject casts and checks
 * constraints): the problems (capped, see problems.ts), or the cast rows ready to store (last
 * one wins per key). A row with more properties than `maxColumns` is one problem and is not
 * cast: the count is cheap, casting 90,000 unknown keys is not.
 */
export function validateRows(
  ds: LiveDataset,
  incoming: IncomingRow[],
  limits: ValidationLimits = PUSH_LIMIT_DEFAULTS,
): { problems: RowProblem[]; count: number; rows: StoredRowInput[]; sources: number[] } {
  const schema = schemaOf(ds);
  const problems = new ProblemList(limits);
  const byKey = new Map<string, { stored: StoredRowInput; row: number }>();
  for (const { row, values } of incoming) {
    let width = 0;
    for (const _ in values) if (++width > limits.maxColumns) break;
    if (width > limits.maxColumns) {
      problems.add({
        row,
        field: null,
        message: `the row has more than ${limits.maxColumns.toLocaleString('en-US')} properties; the schema has ${schema.fieldNames.length} fields (${schema.fieldNames.join(', ')})`,
      });
      continue;
    }
    const result = schema.validateObject(values);
    for (const e of result.errors) problems.add({ row, field: e.field, message: e.message });
    for (const k of ds.key) {
      if ((result.row[k] === null || result.row[k] === undefined) && !result.errors.some((e) => e.field === k)) {
        problems.add({ row, field: k, message: `"${k}" identifies the row and cannot be empty` });
      }
    }
    if (problems.count === 0) {
      const stored = toStored(ds, result.row);
      byKey.delete(stored.key);
      byKey.set(stored.key, { stored, row });
    }
  }
  const kept = problems.count ? [] : [...byKey.values()];
  // sources[i]: the row number or CSV line rows[i] came from, for messages about stored rows.
  return { problems: problems.details(), count: problems.count, rows: kept.map((k) => k.stored), sources: kept.map((k) => k.row) };
}

/** Store validated rows durably, then tell event subscribers. Resolves after the commit. */
export async function commitRows(
  store: LiveStore,
  events: EventFanout,
  ds: LiveDataset,
  rows: StoredRowInput[],
  idempotency?: Parameters<LiveStore['upsertRows']>[0]['idempotency'],
  author?: Author,
): Promise<UpsertResult & { arrived: string }> {
  const arrived = new Date().toISOString();
  const result = await store.upsertRows({ dataset: ds.slug, rows, arrived, idempotency, author });
  if (!result.replay && result.stored > 0) events.committed(ds.slug, { id: result.seq, arrived, rows: rows.map((r) => r.data) });
  return { ...result, arrived };
}
