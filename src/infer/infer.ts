// Infer a Frictionless Table Schema from a file in one streaming pass (plus a second one, only
// when no single column is a key, to look for a pair). State per column is bounded (see
// column.ts), so memory stays flat whatever the number of rows.

import type { Dialect, Field } from '../tableschema/index.ts';
import { ColumnInferrer, UNIQUE_CAP, type ColumnResult } from './column.ts';
import { HashSet53, hash53 } from './hash-set.ts';
import { MISSING_TOKENS } from './missing.ts';
import { isUtf8Broken, openSource, reopenAsLatin1, SourceError, type SourceFormat, type TableSource } from './source.ts';

export interface InferredSchema {
  fields: Field[];
  missingValues: string[];
  primaryKey?: string[];
}

export interface Inference {
  format: SourceFormat;
  schema: InferredSchema;
  /** CSV only: to declare in dataset.yaml. */
  dialect?: Dialect;
  rows: number;
  /** Columns without a single value: typed string for want of evidence. */
  emptyColumns: string[];
  /** What the publisher should know: preamble, encoding, columns typed as text for want of evidence. */
  notes: string[];
}

/** Types that identify a row; a float or a flag never does. */
const KEY_TYPES = new Set(['string', 'integer', 'date', 'datetime', 'yearmonth']);
/** Names that say "identifier" are preferred for a one-column key. */
const ID_NAME = /^(id|code|identifiant|uuid|key|cle|clé|ref|reference)([_\-\s]|$)|[_\-\s](id|code|uuid)$/i;
/** Columns considered for a two-column key: pairs among the first of them. */
const PAIR_COLUMNS = 8;

async function firstPass(source: TableSource): Promise<{ columns: ColumnResult[]; rows: number }> {
  const inferrers = source.header.map((name) => new ColumnInferrer(name, source.typed, source.unit));
  let rows = 0;
  for await (const row of source.rows()) {
    rows++;
    for (let i = 0; i < inferrers.length; i++) inferrers[i]!.observe(row.values[i], row.at);
  }
  return { columns: inferrers.map((c) => c.finish()), rows };
}

function singleKey(columns: ColumnResult[], rows: number): string[] | undefined {
  if (rows < 2) return undefined;
  const keys = columns.filter((c) => c.unique && c.count === rows && KEY_TYPES.has(c.field.type));
  const best = keys.find((c) => ID_NAME.test(c.field.name)) ?? keys[0];
  return best ? [best.field.name] : undefined;
}

/** The first pair of columns (in file order) whose values are never repeated together. */
async function pairKey(source: TableSource, columns: ColumnResult[], rows: number): Promise<string[] | undefined> {
  if (rows < 2 || rows > UNIQUE_CAP) return undefined;
  const idx = columns
    .map((c, i) => ({ c, i }))
    .filter(({ c }) => c.count === rows && KEY_TYPES.has(c.field.type))
    .slice(0, PAIR_COLUMNS)
    .map(({ i }) => i);
  const pairs: { a: number; b: number; seen: HashSet53 | null }[] = [];
  for (let x = 0; x < idx.length; x++) for (let y = x + 1; y < idx.length; y++) pairs.push({ a: idx[x]!, b: idx[y]!, seen: new HashSet53() });
  if (pairs.length === 0) return undefined;
  let alive = pairs.length;
  for await (const row of source.rows()) {
    for (const p of pairs) {
      if (!p.seen) continue;
      const key = `${String(row.values[p.a])}\u0000${String(row.values[p.b])}`;
      if (!p.seen.add(hash53(key))) {
        p.seen = null;
        alive--;
      }
    }
    if (alive === 0) return undefined;
  }
  const found = pairs.find((p) => p.seen);
  return found ? [columns[found.a]!.field.name, columns[found.b]!.field.name] : undefined;
}

/** missingValues: "" always, and every other token met in a column where it cannot be a value. */
function missingValues(columns: ColumnResult[]): string[] {
  const needed = new Set<string>(['']);
  for (const c of columns) {
    const text = c.field.type === 'string' && !c.field.format && !c.field.constraints?.enum;
    if (!text) for (const t of c.missing) needed.add(t);
  }
  return MISSING_TOKENS.filter((t) => needed.has(t));
}

async function inferFrom(source: TableSource): Promise<Inference> {
  const { columns, rows } = await firstPass(source);
  const notes = [...source.notes];
  if (rows === 0) throw new SourceError(`the file has a header but no data ${source.unit}: nothing to infer types from`);
  for (const c of columns) notes.push(...c.notes);
  const schema: InferredSchema = { fields: columns.map((c) => c.field), missingValues: missingValues(columns) };
  const key = singleKey(columns, rows) ?? (await pairKey(source, columns, rows));
  if (key) schema.primaryKey = key;
  const emptyColumns = columns.filter((c) => c.count === 0).map((c) => c.field.name);
  return { format: source.format, schema, dialect: source.dialect, rows, emptyColumns, notes };
}

/** Infer the Table Schema of a CSV, JSON or GeoJSON file. Throws SourceError for a file that cannot be read. */
export async function inferFile(path: string): Promise<Inference> {
  const source = await openSource(path);
  try {
    return await inferFrom(source);
  } catch (e) {
    // The first 64 kB were UTF-8, a later line is not: the whole file is windows-1252.
    if (!isUtf8Broken(e)) throw e;
    const again = await reopenAsLatin1(path);
    again.notes.push('the file is not valid UTF-8 past its first lines: read as windows-1252 (Latin-1)');
    return inferFrom(again);
  }
}
