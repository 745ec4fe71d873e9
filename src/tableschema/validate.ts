// Validation of one CSV resource, or of the resources of one dataset (for foreign keys),
// against a Table Schema. Issues are streamed to a callback and capped per code, but always
// counted, so a broken million-row file yields a readable report and exact totals.

import { checkTableSchema } from './descriptor.js';
import { checkDialect, type Dialect, type Encoding, type SniffInfo } from './dialect.js';
import { readTable, TableReadError, type TableReader } from './csv.js';
import { compileTableSchema } from './row.js';
import type { ForeignKey, TableSchema } from './model.js';
import { didYouMean, q } from './text.js';

export interface TableIssue {
  /** Physical line of the file (header = 1), or null for file-level issues. */
  line: number | null;
  /** The column (field or header name) concerned, when there is one. */
  column?: string;
  /** A frictionless data-quality-spec code, plus primary-key-error and foreign-key-error. */
  code: string;
  message: string;
  /** The cell as written, for an error of one value (type, format, constraint). */
  value?: string;
}

export interface ValidationSummary {
  /** Data rows read (blank rows included, header excluded). */
  rows: number;
  /** Every error found, including those past the per-code cap. */
  errors: number;
  errorsByCode: Record<string, number>;
  encoding: Encoding | null;
  delimiter: string | null;
  sniffed: SniffInfo | null;
  /** Things worth showing that are not errors, e.g. "encoding sniffed as windows-1252". */
  notices: string[];
  valid: boolean;
}

/** Key sets of referenced resources: resource name -> referenced fields (joined by \u0000) -> keys. */
export type ForeignKeyIndex = Map<string, Map<string, Set<string>>>;

export interface ValidateTableOptions {
  path: string;
  dialect?: Dialect;
  /** A checked TableSchema or a raw descriptor (checked here; problems become schema-error). */
  schema: unknown;
  /** Resolved key sets for foreignKeys (see validateDataset); built here for self-references. */
  foreignKeys?: ForeignKeyIndex;
  onIssue?: (issue: TableIssue) => void;
  /** Issues reported per code before the rest are only counted (default 100). */
  maxIssuesPerCode?: number;
  /**
   * Each non-blank row, cast, keyed by field name: lets another pass over the same rows (the
   * dashboards' figures) ride on this read instead of parsing the file again. Its results are
   * only worth keeping when the table turns out valid.
   */
  onRow?: (row: Readonly<Record<string, unknown>>) => void | Promise<void>;
}

/** Compact, type-aware key of cast values (so 1 and "1" differ, as they do once cast). */
export function keyOf(values: readonly unknown[]): string {
  if (values.length === 1) {
    const v = values[0];
    return typeof v === 'string' ? v : '\u0001' + JSON.stringify(v);
  }
  return JSON.stringify(values);
}

const fieldsKey = (fields: readonly string[]): string => fields.join('\u0000');
const show = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

class Reporter {
  readonly byCode: Record<string, number> = {};
  total = 0;
  constructor(
    private readonly onIssue: (i: TableIssue) => void,
    private readonly cap: number,
  ) {}
  report(issue: TableIssue): void {
    const n = (this.byCode[issue.code] ?? 0) + 1;
    this.byCode[issue.code] = n;
    this.total++;
    if (n <= this.cap) this.onIssue(issue);
  }
  flushCaps(): void {
    for (const [code, n] of Object.entries(this.byCode)) {
      if (n > this.cap) {
        const more = n - this.cap;
        this.onIssue({ line: null, code, message: `… and ${more.toLocaleString('en-US')} more "${code}" error${more === 1 ? '' : 's'}` });
      }
    }
  }
}

interface HeaderPlan {
  /** headerMap[i] = column index of schema.fields[i], or -1. */
  headerMap: number[];
  /** Number of cells a row should have. */
  width: number;
  /** The last column is an unnamed trailing-delimiter column (tolerated, see below). */
  trailing: boolean;
}

/**
 * Header checks. Columns are matched to fields by name, so order does not matter. An extra
 * column close to a missing field name is reported once as non-matching-header with a hint,
 * and its values are still checked against that field so the publisher sees every problem
 * in one run.
 *
 * Trailing delimiter: files exported with a delimiter at the end of every line (e.g. SPF's
 * centres-vaccination.csv) have an unnamed, empty last column. A blank *last* header that the
 * schema does not name is tolerated: no blank-header, rows may or may not have that empty cell,
 * and one notice is added to the summary. Only a value actually written in that column is an
 * error (extra-value). A blank header anywhere else is a blank-header error.
 */
function planHeader(header: string[], schema: TableSchema, caseSensitive: boolean, line: number, rep: Reporter, notices: string[]): HeaderPlan {
  const names = schema.fields.map((f) => f.name);
  let cols = header;
  let trailing = false;
  if (header.length > 1 && header[header.length - 1]!.trim() === '' && !names.includes('')) {
    trailing = true;
    cols = header.slice(0, -1);
    notices.push('every line ends with a delimiter: the unnamed empty last column is ignored');
  }
  const firstIndex = new Map<string, number>();
  cols.forEach((h, j) => {
    if (h.trim() === '') {
      rep.report({ line, code: 'blank-header', message: `column ${j + 1} has a blank header` });
      return;
    }
    const prev = firstIndex.get(h);
    if (prev !== undefined) rep.report({ line, column: h, code: 'duplicate-header', message: `column ${j + 1} "${h}" duplicates column ${prev + 1}` });
    else firstIndex.set(h, j);
  });
  const used = new Set<number>();
  const headerMap = names.map((n) => {
    let j = firstIndex.get(n);
    if (j === undefined && !caseSensitive) {
      const lower = n.toLowerCase();
      j = cols.findIndex((h, k) => !used.has(k) && h.toLowerCase() === lower);
    }
    if (j === undefined || j < 0) return -1;
    used.add(j);
    return j;
  });
  const missing = new Set(names.filter((_, i) => headerMap[i] === -1));
  cols.forEach((h, j) => {
    if (used.has(j) || h.trim() === '' || firstIndex.get(h) !== j) return;
    const close = didYouMean(h, missing);
    if (close !== undefined) {
      missing.delete(close);
      headerMap[names.indexOf(close)] = j;
      rep.report({ line, column: h, code: 'non-matching-header', message: `column "${h}" is not in the schema (did you mean "${close}"?)` });
    } else rep.report({ line, column: h, code: 'extra-header', message: `column "${h}" is not in the schema` });
  });
  for (const n of missing) rep.report({ line, column: n, code: 'missing-header', message: `column "${n}" of the schema is missing from the header` });
  return { headerMap, width: header.length, trailing };
}

function schemaOf(descriptor: unknown, rep: Reporter): TableSchema | undefined {
  const r = checkTableSchema(descriptor);
  for (const e of r.errors) rep.report({ line: null, code: 'schema-error', message: `${e.path}: ${e.message}` });
  return r.schema;
}

function emptySummary(rep: Reporter, notices: string[], reader?: TableReader): ValidationSummary {
  return {
    rows: 0,
    errors: rep.total,
    errorsByCode: rep.byCode,
    notices,
    valid: rep.total === 0,
    encoding: reader?.dialect.encoding ?? null,
    delimiter: reader?.dialect.delimiter ?? null,
    sniffed: reader?.sniffed ?? null,
  };
}

/** Validate one CSV file against a Table Schema. Never throws for data problems. */
export async function validateTable(opts: ValidateTableOptions): Promise<ValidationSummary> {
  const rep = new Reporter(opts.onIssue ?? (() => {}), opts.maxIssuesPerCode ?? 100);
  const notices: string[] = [];
  const done = (s: ValidationSummary): ValidationSummary => {
    rep.flushCaps();
    return { ...s, errors: rep.total, errorsByCode: rep.byCode, valid: rep.total === 0 };
  };
  for (const e of checkDialect(opts.dialect)) rep.report({ line: null, code: 'schema-error', message: `${e.path}: ${e.message}` });
  const schema = schemaOf(opts.schema, rep);
  if (!schema || rep.total > 0) return done(emptySummary(rep, notices));

  let reader: TableReader;
  try {
    reader = await readTable(opts.path, { dialect: opts.dialect, schema });
  } catch (e) {
    if (e instanceof TableReadError) rep.report({ line: e.line, code: 'source-error', message: e.message });
    else rep.report({ line: null, code: 'io-error', message: `cannot read the file: ${(e as Error).message}` });
    return done(emptySummary(rep, notices));
  }
  const { dialect, sniffed } = reader;
  if (sniffed.encoding && dialect.encoding === 'windows-1252')
    notices.push('no encoding declared and the file is not valid UTF-8: it was read as windows-1252 (Latin-1); set dialect.encoding to confirm');
  if (reader.empty) {
    // With notes declared above the header, a new version of the file that is shorter than them
    // (or lost them) is not "empty": say where the header was expected.
    const n = dialect.headerLine;
    const message = !dialect.header
      ? 'the file is empty: no data'
      : n > 1
        ? `no header row: the file ends before line ${n}, where dialect.headerRows: [${n}] says the header is (did the notes above it change? then correct headerRows)`
        : 'the file is empty: no header row and no data';
    rep.report({ line: null, code: 'source-error', message });
    return done(emptySummary(rep, notices, reader));
  }

  const compiled = compileTableSchema(schema);
  const headerLine = reader.headerLine ?? 1;
  const plan: HeaderPlan = dialect.header
    ? planHeader(reader.header!, schema, dialect.caseSensitiveHeader, headerLine, rep, notices)
    : { headerMap: schema.fields.map((_, i) => i), width: schema.fields.length, trailing: false };
  const { headerMap, width, trailing } = plan;
  const names = compiled.fieldNames;
  const colOf = new Map(names.map((n, i) => [n, headerMap[i]!]));

  // uniqueness: one Map per unique field and one for the primary key, key -> first line
  const pk = schema.primaryKey;
  const pkIdx = pk?.map((n) => names.indexOf(n));
  const pkSeen = pk ? new Map<string, number>() : undefined;
  const uniques = schema.fields
    .map((f, i) => ({ i, name: f.name, seen: new Map<string, number>() }))
    .filter(({ i }) => schema.fields[i]!.constraints?.unique && !(pk?.length === 1 && pk[0] === names[i]));

  const fks = await prepareForeignKeys(schema, opts, rep);

  let rows = 0;
  try {
    for await (const rec of reader) {
      rows++;
      const { line, cells } = rec;
      if (cells.every((c) => c === '')) {
        // a lone empty cell is an empty line; a row of delimiters only is blank too
        rep.report({ line, code: 'blank-row', message: 'row is blank' });
        continue;
      }
      if (rec.invalidUtf8) {
        rep.report({ line, code: 'encoding-error', message: 'invalid UTF-8 byte sequence (is the file Latin-1? set dialect.encoding)' });
      }
      const n = cells.length;
      if (trailing && n === width && cells[n - 1] !== '') {
        rep.report({ line, code: 'extra-value', message: `column ${n} has no header but holds ${q(cells[n - 1])}` });
      } else if (n > width) {
        rep.report({ line, code: 'extra-value', message: `row has ${n} values, expected ${width}` });
      } else if (n < width && !(trailing && n === width - 1)) {
        rep.report({ line, code: 'missing-value', message: `row has ${n} values, expected ${trailing ? width - 1 : width}` });
      }
      const { row, errors } = compiled.castRow(cells, headerMap);
      // A consumer writing what it derives (a preview's downloads) returns a promise: its back-pressure.
      const fed = opts.onRow?.(row);
      if (fed) await fed;
      let failed: Set<string> | undefined;
      for (const e of errors) {
        (failed ??= new Set()).add(e.field);
        // cells cut off by a short row are already reported as missing-value
        if (e.code === 'required-constraint' && colOf.get(e.field)! >= n) continue;
        rep.report({ line, column: e.field, code: e.code, message: `column "${e.field}": ${e.message}`, value: cells[colOf.get(e.field)!] });
      }
      for (const u of uniques) {
        const v = row[u.name];
        if (v === null || v === undefined) continue;
        const k = keyOf([v]);
        const first = u.seen.get(k);
        if (first !== undefined) rep.report({ line, column: u.name, code: 'unique-constraint', message: `column "${u.name}": value ${q(cells[headerMap[u.i]!])} duplicates line ${first}` });
        else u.seen.set(k, line);
      }
      if (pk && pkSeen && pkIdx) {
        const values = pk.map((f) => row[f]);
        const nulls = pk.filter((f, j) => values[j] === null && !failed?.has(f) && headerMap[pkIdx[j]!]! >= 0 && headerMap[pkIdx[j]!]! < n);
        for (const f of nulls) {
          if (!schema.fields[names.indexOf(f)]!.constraints?.required)
            rep.report({ line, column: f, code: 'required-constraint', message: `column "${f}": value is required (part of the primary key)` });
        }
        if (values.every((v) => v !== null)) {
          const k = keyOf(values);
          const first = pkSeen.get(k);
          if (first !== undefined) rep.report({ line, code: 'primary-key-error', message: `primary key (${pk.join(', ')}) = (${values.map(show).join(', ')}) duplicates line ${first}` });
          else pkSeen.set(k, line);
        }
      }
      for (const fk of fks) {
        const values = fk.fields.map((f) => row[f]);
        if (values.some((v) => v === null || v === undefined)) continue;
        if (!fk.keys.has(keyOf(values))) {
          rep.report({
            line,
            column: fk.fields.length === 1 ? fk.fields[0] : undefined,
            code: 'foreign-key-error',
            message: `(${fk.fields.join(', ')}) = (${values.map(show).join(', ')}) is not in ${fk.target} (${fk.refFields.join(', ')})`,
          });
        }
      }
    }
  } catch (e) {
    if (!(e instanceof TableReadError)) throw e;
    rep.report({ line: e.line, code: 'source-error', message: e.message });
  }
  return done({ ...emptySummary(rep, notices, reader), rows });
}

interface PreparedFk {
  fields: string[];
  refFields: string[];
  target: string;
  keys: Set<string>;
}

async function prepareForeignKeys(schema: TableSchema, opts: ValidateTableOptions, rep: Reporter): Promise<PreparedFk[]> {
  const out: PreparedFk[] = [];
  for (const fk of schema.foreignKeys ?? []) {
    const { resource, fields: refFields } = fk.reference;
    let keys = opts.foreignKeys?.get(resource)?.get(fieldsKey(refFields));
    if (!keys && resource === '') {
      // self-reference: the referenced values are this file's own, so read it once first
      keys = (await collectKeys({ path: opts.path, dialect: opts.dialect, schema }, [refFields])).get(fieldsKey(refFields));
    }
    if (!keys) {
      rep.report({ line: null, code: 'foreign-key-error', message: `foreign key (${fk.fields.join(', ')}) cannot be checked: resource "${resource}" is not part of this dataset` });
      continue;
    }
    out.push({ fields: fk.fields, refFields, keys, target: resource === '' ? 'this resource' : `resource "${resource}"` });
  }
  return out;
}

/**
 * The set of cast key values of some field lists of one resource (for foreign keys).
 * Rows whose key has a cast error or a null are skipped: they are reported by the resource's
 * own validation.
 */
export async function collectKeys(resource: { path: string; dialect?: Dialect; schema: TableSchema }, fieldLists: string[][]): Promise<Map<string, Set<string>>> {
  const out = new Map<string, Set<string>>(fieldLists.map((f) => [fieldsKey(f), new Set<string>()]));
  const reader = await readTable(resource.path, { dialect: resource.dialect, schema: resource.schema });
  if (reader.empty) return out;
  const compiled = compileTableSchema(resource.schema);
  const header = reader.header ?? [];
  const headerMap = compiled.fieldNames.map((n) => (reader.dialect.header ? header.indexOf(n) : compiled.fieldNames.indexOf(n)));
  try {
    for await (const rec of reader) {
      const { row } = compiled.castRow(rec.cells, headerMap);
      for (const fl of fieldLists) {
        const values = fl.map((f) => row[f]);
        if (values.every((v) => v !== null && v !== undefined)) out.get(fieldsKey(fl))!.add(keyOf(values));
      }
    }
  } catch (e) {
    if (!(e instanceof TableReadError)) throw e; // reported when the resource itself is validated
  }
  return out;
}

export interface DatasetResource {
  name: string;
  path: string;
  dialect?: Dialect;
  schema: unknown;
  /** See ValidateTableOptions.onRow. */
  onRow?: (row: Readonly<Record<string, unknown>>) => void | Promise<void>;
}

/**
 * Validate every resource of one dataset. Foreign keys are resolved by first reading, once per
 * referenced resource, the key sets its referrers need; then each resource is validated.
 */
export async function validateDataset(
  resources: DatasetResource[],
  onIssue: (resource: string, issue: TableIssue) => void,
  options: { maxIssuesPerCode?: number } = {},
): Promise<Record<string, ValidationSummary>> {
  const schemas = new Map<string, TableSchema>();
  for (const r of resources) {
    const s = checkTableSchema(r.schema).schema;
    if (s) schemas.set(r.name, s);
  }
  const wanted = new Map<string, string[][]>();
  for (const r of resources) {
    for (const fk of (schemas.get(r.name)?.foreignKeys ?? []) as ForeignKey[]) {
      const target = fk.reference.resource === '' ? r.name : fk.reference.resource;
      const lists = wanted.get(target) ?? [];
      if (!lists.some((l) => fieldsKey(l) === fieldsKey(fk.reference.fields))) lists.push(fk.reference.fields);
      wanted.set(target, lists);
    }
  }
  const index: ForeignKeyIndex = new Map();
  for (const [name, lists] of wanted) {
    const r = resources.find((x) => x.name === name);
    const s = schemas.get(name);
    if (!r || !s) continue;
    try {
      index.set(name, await collectKeys({ path: r.path, dialect: r.dialect, schema: s }, lists));
    } catch {
      // unreadable: its own validation reports why; referrers report the missing key set
    }
  }
  const out: Record<string, ValidationSummary> = {};
  for (const r of resources) {
    // self-references are looked up under "" by validateTable
    const own = index.get(r.name);
    const fkIndex: ForeignKeyIndex = own ? new Map([...index, ['', own]]) : index;
    out[r.name] = await validateTable({
      path: r.path,
      dialect: r.dialect,
      schema: schemas.get(r.name) ?? r.schema,
      foreignKeys: fkIndex,
      onIssue: (i) => onIssue(r.name, i),
      maxIssuesPerCode: options.maxIssuesPerCode,
      onRow: r.onRow,
    });
  }
  return out;
}
