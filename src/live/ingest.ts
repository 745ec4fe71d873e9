import { compileTableSchema, type CompiledSchema } from '../tableschema/index.ts';
import type { IncomingRow } from './body.ts';
import type { RowHub } from './hub.ts';
import type { LiveStore, StoredRowInput, UpsertResult } from './store.ts';
import type { LiveDataset } from './types.ts';

/** One problem with a pushed row: row is the 1-based position in "rows" (JSON) or the CSV line. */
export interface RowProblem {
  row: number;
  field: string | null;
  message: string;
}

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
export function headerProblems(ds: LiveDataset, header: string[]): RowProblem[] {
  const schema = schemaOf(ds);
  const problems: RowProblem[] = [];
  const seen = new Set<string>();
  for (const h of header) {
    if (seen.has(h)) problems.push({ row: 1, field: h, message: `column "${h}" appears twice` });
    seen.add(h);
    if (!schema.fieldNames.includes(h)) problems.push({ row: 1, field: h, message: `"${h}" is not a field of the schema (fields: ${schema.fieldNames.join(', ')})` });
  }
  for (const f of schema.fields) {
    if (!seen.has(f.name) && (f.constraints?.required || ds.key.includes(f.name))) problems.push({ row: 1, field: f.name, message: `column "${f.name}" is missing` });
  }
  return problems;
}

/**
 * Validate rows with the build's Table Schema code (validateObject casts and checks
 * constraints): every problem, or the cast rows ready to store (last one wins per key).
 */
export function validateRows(ds: LiveDataset, incoming: IncomingRow[]): { problems: RowProblem[]; rows: StoredRowInput[] } {
  const schema = schemaOf(ds);
  const problems: RowProblem[] = [];
  const byKey = new Map<string, StoredRowInput>();
  for (const { row, values } of incoming) {
    const result = schema.validateObject(values);
    for (const e of result.errors) problems.push({ row, field: e.field, message: e.message });
    for (const k of ds.key) {
      if ((result.row[k] === null || result.row[k] === undefined) && !result.errors.some((e) => e.field === k)) {
        problems.push({ row, field: k, message: `"${k}" identifies the row and cannot be empty` });
      }
    }
    if (problems.length === 0) {
      const stored = toStored(ds, result.row);
      byKey.delete(stored.key);
      byKey.set(stored.key, stored);
    }
    if (problems.length >= 1000) break;
  }
  return { problems, rows: problems.length ? [] : [...byKey.values()] };
}

/** Store validated rows durably, then tell event subscribers. Resolves after the commit. */
export async function commitRows(
  store: LiveStore,
  hub: RowHub,
  ds: LiveDataset,
  rows: StoredRowInput[],
  idempotency?: Parameters<LiveStore['upsertRows']>[0]['idempotency'],
): Promise<UpsertResult & { arrived: string }> {
  const arrived = new Date().toISOString();
  const result = await store.upsertRows({ dataset: ds.slug, rows, arrived, idempotency });
  if (!result.replay && result.stored > 0) hub.publish(ds.slug, { id: result.seq, arrived, rows: rows.map((r) => r.data) });
  return { ...result, arrived };
}
