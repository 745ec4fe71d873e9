// Checks a Table Schema descriptor itself and returns it normalised (see model.ts).
// Unknown properties are allowed (schema.data.gouv.fr adds $schema, version, contributors, …);
// only the properties the spec defines are checked. Misspelled known properties get a warning,
// because a silently ignored "contraints" means constraints nobody enforces.

import { FIELD_TYPES, type DescriptorError, type Field, type ForeignKey, type TableSchema } from './model.js';
import { formatError } from './types.js';
import { checkConstraints } from './constraints.js';
import { checkCategories } from './categories.js';
import { hint, q, didYouMean } from './text.js';

export interface CheckResult {
  schema?: TableSchema;
  errors: DescriptorError[];
  /** Not errors: e.g. an unknown property that looks like a typo of a known one. */
  warnings: DescriptorError[];
}

const FIELD_PROPS = [
  'name',
  'type',
  'format',
  'title',
  'description',
  'constraints',
  'trueValues',
  'falseValues',
  'decimalChar',
  'groupChar',
  'bareNumber',
  'rdfType',
  'example',
  'examples',
  'missingValues',
  'categories',
  'categoriesOrdered',
];
const SCHEMA_PROPS = ['fields', 'primaryKey', 'foreignKeys', 'missingValues'];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function typoWarnings(obj: Record<string, unknown>, known: string[], path: string, out: DescriptorError[]): void {
  for (const key of Object.keys(obj)) {
    if (known.includes(key)) continue;
    const m = didYouMean(key, known);
    if (m !== undefined && !(m in obj)) out.push({ path: `${path}${path ? '.' : ''}${key}`, message: `unknown property "${key}" is ignored (did you mean "${m}"?)` });
  }
}

function stringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((s) => typeof s === 'string');
}

/** A field list property (string or array of strings), normalised to an array. */
function names(v: unknown): string[] | undefined {
  if (typeof v === 'string') return [v];
  return stringArray(v) && v.length > 0 ? v : undefined;
}

function checkField(raw: unknown, i: number, errors: DescriptorError[], warnings: DescriptorError[]): Field | undefined {
  const path = `fields[${i}]`;
  if (!isObject(raw)) {
    errors.push({ path, message: 'a field must be an object' });
    return undefined;
  }
  const before = errors.length;
  if (typeof raw.name !== 'string' || raw.name === '') {
    errors.push({ path: `${path}.name`, message: raw.name === undefined ? 'a field needs a name' : `name must be a non-empty string, not ${q(raw.name)}` });
  }
  const type = raw.type ?? 'string';
  if (typeof type !== 'string' || !(FIELD_TYPES as readonly string[]).includes(type)) {
    const h = typeof type === 'string' ? hint(type, FIELD_TYPES) : '';
    errors.push({ path: `${path}.type`, message: `${q(type)} is not a Table Schema type${h || ` (expected one of ${FIELD_TYPES.join(', ')})`}` });
    return undefined;
  }
  const field = { ...raw, type } as Field;
  if (raw.format !== undefined) {
    if (typeof raw.format !== 'string') errors.push({ path: `${path}.format`, message: `format must be a string, not ${q(raw.format)}` });
    else {
      const e = formatError(type, raw.format);
      if (e) errors.push({ path: `${path}.format`, message: e });
    }
  }
  for (const k of ['trueValues', 'falseValues'] as const) {
    if (raw[k] !== undefined && !stringArray(raw[k])) errors.push({ path: `${path}.${k}`, message: `${k} must be an array of strings` });
  }
  for (const k of ['decimalChar', 'groupChar'] as const) {
    if (raw[k] !== undefined && (typeof raw[k] !== 'string' || raw[k] === '')) errors.push({ path: `${path}.${k}`, message: `${k} must be a non-empty string` });
  }
  if (raw.bareNumber !== undefined && typeof raw.bareNumber !== 'boolean') errors.push({ path: `${path}.bareNumber`, message: 'bareNumber must be true or false' });
  typoWarnings(raw, FIELD_PROPS, path, warnings);
  if (errors.length > before) return undefined;
  // Constraint values are cast with the field, so they are checked once the field itself is sound.
  errors.push(...checkConstraints(field, path));
  if (errors.length === before) errors.push(...checkCategories(field, path));
  return errors.length > before ? undefined : field;
}

export function checkTableSchema(descriptor: unknown): CheckResult {
  const errors: DescriptorError[] = [];
  const warnings: DescriptorError[] = [];
  if (!isObject(descriptor)) return { errors: [{ path: '', message: 'a Table Schema must be a JSON object' }], warnings };
  const d = descriptor;
  if (!Array.isArray(d.fields)) {
    errors.push({ path: 'fields', message: d.fields === undefined ? 'a Table Schema needs a "fields" array' : '"fields" must be an array' });
    return { errors, warnings };
  }
  typoWarnings(d, SCHEMA_PROPS, '', warnings);
  const fields: Field[] = [];
  const seen = new Map<string, number>();
  d.fields.forEach((raw, i) => {
    const f = checkField(raw, i, errors, warnings);
    const name = isObject(raw) && typeof raw.name === 'string' ? raw.name : undefined;
    if (name !== undefined && name !== '') {
      const prev = seen.get(name);
      if (prev !== undefined) errors.push({ path: `fields[${i}].name`, message: `"${name}" is already the name of fields[${prev}]` });
      else seen.set(name, i);
    }
    if (f) fields.push(f);
  });
  const fieldNames = [...seen.keys()];
  const refer = (list: string[], path: string, available = fieldNames): void => {
    list.forEach((n, j) => {
      if (!available.includes(n)) errors.push({ path: `${path}[${j}]`, message: `"${n}" is not a field of this schema${hint(n, available)}` });
    });
  };

  let missingValues = [''];
  if (d.missingValues !== undefined) {
    if (!stringArray(d.missingValues)) errors.push({ path: 'missingValues', message: 'missingValues must be an array of strings' });
    else missingValues = d.missingValues;
  }

  let primaryKey: string[] | undefined;
  if (d.primaryKey !== undefined) {
    primaryKey = names(d.primaryKey);
    if (!primaryKey) errors.push({ path: 'primaryKey', message: 'primaryKey must be a field name or a non-empty array of field names' });
    else refer(primaryKey, 'primaryKey');
  }

  let foreignKeys: ForeignKey[] | undefined;
  if (d.foreignKeys !== undefined) {
    if (!Array.isArray(d.foreignKeys)) errors.push({ path: 'foreignKeys', message: 'foreignKeys must be an array' });
    else {
      foreignKeys = [];
      d.foreignKeys.forEach((fk, i) => {
        const p = `foreignKeys[${i}]`;
        if (!isObject(fk)) return void errors.push({ path: p, message: 'a foreign key must be an object' });
        const own = names(fk.fields);
        const ref = isObject(fk.reference) ? fk.reference : undefined;
        const refFields = ref ? names(ref.fields) : undefined;
        const resource = ref?.resource ?? '';
        if (!own) errors.push({ path: `${p}.fields`, message: 'fields must be a field name or a non-empty array of field names' });
        else refer(own, `${p}.fields`);
        if (!ref) errors.push({ path: `${p}.reference`, message: 'a foreign key needs a "reference" object with "resource" and "fields"' });
        else if (typeof resource !== 'string') errors.push({ path: `${p}.reference.resource`, message: 'reference.resource must be a resource name ("" for this resource)' });
        else if (!refFields) errors.push({ path: `${p}.reference.fields`, message: 'reference.fields must be a field name or a non-empty array of field names' });
        else {
          if (resource === '') refer(refFields, `${p}.reference.fields`);
          if (own && own.length !== refFields.length) errors.push({ path: p, message: `fields has ${own.length} names but reference.fields has ${refFields.length}` });
        }
        if (own && refFields && typeof resource === 'string') foreignKeys!.push({ fields: own, reference: { resource, fields: refFields } });
      });
    }
  }

  if (errors.length > 0) return { errors, warnings };
  const schema: TableSchema = { ...d, fields, missingValues };
  if (primaryKey) schema.primaryKey = primaryKey;
  else delete schema.primaryKey;
  if (foreignKeys) schema.foreignKeys = foreignKeys;
  return { schema, errors, warnings };
}

/** Like checkTableSchema but throws one error listing every problem; for trusted call sites. */
export function assertTableSchema(descriptor: unknown): TableSchema {
  const r = checkTableSchema(descriptor);
  if (!r.schema) throw new Error(`invalid Table Schema:\n${r.errors.map((e) => `  ${e.path}: ${e.message}`).join('\n')}`);
  return r.schema;
}
