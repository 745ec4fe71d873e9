// One compiled schema = casters per field + one ajv validator for constraints: the one way a row
// is cast, for CSV rows (castRow), JSON rows pushed through the API (validateObject) and the
// preview pass over already validated files (castValues), so a value is read identically
// wherever it comes from.

import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Field, TableSchema } from './model.js';
import { makeCaster, type Caster } from './types.js';
import { constraintFailure } from './constraints.js';
import { getAjv, toJsonSchema, type JsonSchema } from './json-schema.js';
import { q, hint } from './text.js';

export interface CellError {
  field: string;
  code: string;
  message: string;
}

export interface RowResult {
  row: Record<string, unknown>;
  errors: CellError[];
}

export interface CompiledSchema {
  schema: TableSchema;
  fields: Field[];
  fieldNames: string[];
  jsonSchema: JsonSchema;
  /**
   * Cast the cells of one CSV record. headerMap[i] is the cell index of fields[i] (-1 when the
   * column is absent: the value is null and no per-row error is raised for it, because the
   * missing column is reported once as a header problem). Without headerMap, cells are positional.
   */
  castRow(cells: readonly string[], headerMap?: readonly number[]): RowResult;
  /** Validate one JSON object: values may be typed (numbers, booleans, arrays) or strings. */
  validateObject(obj: Record<string, unknown>): RowResult;
  /**
   * The typed values of one CSV record in field order, with the same casters and missing values
   * but no constraint checks and no messages: for passes over files validation already accepted
   * (previews, derived downloads). A value that does not cast is null.
   */
  castValues(cells: readonly string[], headerMap: readonly number[], out?: unknown[]): unknown[];
}

const cache = new WeakMap<TableSchema, CompiledSchema>();
// Many datasets share a schema (one per sector standard, say): compile each distinct
// JSON Schema once. Ajv would otherwise compile, and keep, one copy per schema object.
const validators = new Map<string, ValidateFunction>();

function pointerToName(pointer: string): string {
  return pointer.slice(1).replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Compile once per schema object (cached); expects a schema returned by checkTableSchema. */
export function compileTableSchema(schema: TableSchema): CompiledSchema {
  const hit = cache.get(schema);
  if (hit) return hit;
  const fields = schema.fields;
  const fieldNames = fields.map((f) => f.name);
  const byName = new Map(fields.map((f) => [f.name, f]));
  const casters: Caster[] = fields.map(makeCaster);
  const missing = new Set(schema.missingValues);
  const jsonSchema = toJsonSchema(schema);
  const key = JSON.stringify(jsonSchema);
  const validate: ValidateFunction = validators.get(key) ?? getAjv().compile(jsonSchema);
  validators.set(key, validate);
  const n = fields.length;

  // raws[i] is the publisher's value of fields[i], kept for messages only.
  function finish(row: Record<string, unknown>, raws: unknown[], errors: CellError[], skip: Set<string> | undefined): RowResult {
    if (!validate(row)) {
      for (const e of validate.errors as ErrorObject[]) {
        const name = pointerToName(e.instancePath);
        if (skip?.has(name)) continue;
        const i = fieldNames.indexOf(name);
        const f = fields[i];
        if (!f) continue;
        const { code, message } = constraintFailure(f, e.keyword, raws[i]);
        errors.push({ field: name, code, message });
      }
    }
    // cast errors were pushed before ajv's: restore field order so reports read left to right
    if (errors.length > 1) errors.sort((a, b) => fieldNames.indexOf(a.field) - fieldNames.indexOf(b.field));
    return { row, errors };
  }

  function castAll(get: (i: number) => unknown, absent?: (i: number) => boolean): RowResult {
    const row: Record<string, unknown> = {};
    const raws: unknown[] = new Array(n);
    const errors: CellError[] = [];
    let skip: Set<string> | undefined;
    for (let i = 0; i < n; i++) {
      const name = fieldNames[i]!;
      const raw = get(i);
      raws[i] = raw;
      if (raw === undefined || raw === null || (typeof raw === 'string' && missing.has(raw))) {
        row[name] = null;
        if (absent?.(i)) (skip ??= new Set()).add(name);
        continue;
      }
      const r = casters[i]!(raw);
      if (r.ok) row[name] = r.value;
      else {
        row[name] = null;
        errors.push({ field: name, code: 'type-or-format-error', message: r.message });
        (skip ??= new Set()).add(name);
      }
    }
    return finish(row, raws, errors, skip);
  }

  const compiled: CompiledSchema = {
    schema,
    fields,
    fieldNames,
    jsonSchema,
    castRow(cells, headerMap) {
      if (!headerMap) return castAll((i) => cells[i]);
      return castAll(
        (i) => {
          const j = headerMap[i]!;
          return j < 0 ? undefined : cells[j];
        },
        (i) => headerMap[i]! < 0,
      );
    },
    castValues(cells, headerMap, out = new Array(n)) {
      for (let i = 0; i < n; i++) {
        const j = headerMap[i]!;
        const raw = j < 0 ? undefined : cells[j];
        if (raw === undefined || missing.has(raw)) out[i] = null;
        else {
          const r = casters[i]!(raw);
          out[i] = r.ok ? r.value : null;
        }
      }
      return out;
    },
    validateObject(obj) {
      const result = castAll((i) => obj[fieldNames[i]!]);
      for (const key of Object.keys(obj)) {
        if (!byName.has(key)) {
          result.errors.push({ field: key, code: 'extra-value', message: `${q(key)} is not a field of the schema${hint(key, fieldNames)}` });
        }
      }
      return result;
    },
  };
  cache.set(schema, compiled);
  return compiled;
}
