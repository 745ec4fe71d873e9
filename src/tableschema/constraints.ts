// Table Schema constraints: which apply to which type, how their values are read from the
// descriptor (cast with the field's own caster, as the spec says), how they become JSON Schema
// keywords, and how a failure reads. The checking itself is done by ajv (see json-schema.ts).

import type { Constraints, DescriptorError, Field, FieldType } from './model.js';
import { makeCaster } from './types.js';
import { q, list } from './text.js';
import { anchoredPattern, compileLinear } from './pattern.js';

export { anchoredPattern };
import { categoryValues } from './categories.js';

type Key = keyof Constraints;
const ORDERED: FieldType[] = ['integer', 'number', 'date', 'time', 'datetime', 'year', 'yearmonth', 'duration'];
const COLLECTIONS: FieldType[] = ['string', 'array', 'object'];

/** Types each constraint applies to; undefined = every type. */
export const CONSTRAINT_TYPES: Record<Key, FieldType[] | undefined> = {
  required: undefined,
  unique: undefined,
  enum: undefined,
  minLength: COLLECTIONS,
  maxLength: COLLECTIONS,
  minimum: ORDERED,
  maximum: ORDERED,
  exclusiveMinimum: ORDERED,
  exclusiveMaximum: ORDERED,
  pattern: ['string'],
};

/** Types whose cast values are strings ordered by our own keyword rather than by ajv's minimum. */
export const TEMPORAL_ORDER: Partial<Record<FieldType, 'date' | 'time' | 'datetime' | 'yearmonth' | 'duration'>> = {
  date: 'date',
  time: 'time',
  datetime: 'datetime',
  yearmonth: 'yearmonth',
  duration: 'duration',
};

const BOUNDS = ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'] as const;

/** Problems with a field's constraints; `path` is the field's path, e.g. `fields[2]`. */
export function checkConstraints(field: Field, path: string): DescriptorError[] {
  const errors: DescriptorError[] = [];
  const c = field.constraints as Record<string, unknown> | undefined;
  if (c === undefined) return errors;
  const at = `${path}.constraints`;
  if (typeof c !== 'object' || c === null || Array.isArray(c)) {
    return [{ path: at, message: 'constraints must be an object' }];
  }
  const caster = makeCaster(field);
  const known = Object.keys(CONSTRAINT_TYPES);
  for (const [key, value] of Object.entries(c)) {
    const p = `${at}.${key}`;
    if (!(key in CONSTRAINT_TYPES)) {
      const m = list(known);
      const close = known.find((k) => k.toLowerCase() === key.toLowerCase());
      errors.push({ path: p, message: `"${key}" is not a Table Schema constraint${close ? ` (did you mean "${close}"?)` : ` (known: ${m})`}` });
      continue;
    }
    const types = CONSTRAINT_TYPES[key as Key];
    if (types && !types.includes(field.type)) {
      errors.push({ path: p, message: `${key} does not apply to a ${field.type} field (only to ${list(types)})` });
      continue;
    }
    switch (key) {
      case 'required':
      case 'unique':
        if (typeof value !== 'boolean') errors.push({ path: p, message: `${key} must be true or false, not ${q(value)}` });
        break;
      case 'minLength':
      case 'maxLength':
        if (!Number.isInteger(value) || (value as number) < 0) errors.push({ path: p, message: `${key} must be a non-negative integer, not ${q(value)}` });
        break;
      case 'pattern':
        if (typeof value !== 'string') {
          errors.push({ path: p, message: `pattern must be a string, not ${q(value)}` });
          break;
        }
        // Compiled by the engine that will match it (RE2, linear time: see pattern.ts).
        try {
          // the bare pattern first, so a message quotes what the publisher wrote
          compileLinear(value);
          compileLinear(anchoredPattern(value));
        } catch (e) {
          errors.push({ path: p, message: `${q(value)} is not a valid regular expression: ${(e as Error).message}` });
        }
        break;
      case 'enum':
        if (!Array.isArray(value) || value.length === 0) {
          errors.push({ path: p, message: 'enum must be a non-empty array' });
          break;
        }
        value.forEach((v, i) => {
          const r = caster(v);
          if (!r.ok) errors.push({ path: `${p}[${i}]`, message: `enum value ${r.message}` });
        });
        break;
      default: {
        const r = caster(value);
        if (!r.ok) errors.push({ path: p, message: `${key} ${r.message}` });
      }
    }
  }
  const len = (k: 'minLength' | 'maxLength'): number | undefined => (typeof c[k] === 'number' ? (c[k] as number) : undefined);
  const [minL, maxL] = [len('minLength'), len('maxLength')];
  if (minL !== undefined && maxL !== undefined && minL > maxL) errors.push({ path: `${at}.minLength`, message: `minLength ${minL} is greater than maxLength ${maxL}` });
  return errors;
}

/** The cast value of a constraint bound or enum entry (descriptor already checked). */
function castConstraint(field: Field, value: unknown): unknown {
  const r = makeCaster(field)(value);
  return r.ok ? r.value : value;
}

/** JSON Schema keywords of a field's constraints, for a row of cast values. */
export function constraintKeywords(field: Field): Record<string, unknown> {
  const c = field.constraints ?? {};
  const out: Record<string, unknown> = {};
  if (c.required) out.not = { type: 'null' };
  // An enum is the stricter list when both are present (it must be a subset of the categories).
  const allowed = c.enum ?? categoryValues(field);
  if (allowed) {
    const values = allowed.map((v) => castConstraint(field, v));
    // enum applies to null as well, and an optional field may be empty
    out.enum = c.required ? values : [...values, null];
  }
  if (c.pattern !== undefined) out.pattern = anchoredPattern(c.pattern);
  const lengthKw = field.type === 'array' ? 'Items' : field.type === 'object' ? 'Properties' : 'Length';
  if (c.minLength !== undefined) out[`min${lengthKw}`] = c.minLength;
  if (c.maxLength !== undefined) out[`max${lengthKw}`] = c.maxLength;
  const kind = TEMPORAL_ORDER[field.type];
  for (const b of BOUNDS) {
    if (c[b] === undefined) continue;
    const v = castConstraint(field, c[b]);
    if (kind) out[`x-tableschema-${b}`] = { kind, value: v };
    else out[b] = v;
  }
  return out;
}

export type ConstraintCode =
  | 'required-constraint'
  | 'enumerable-constraint'
  | 'pattern-constraint'
  | 'minimum-constraint'
  | 'maximum-constraint'
  | 'minimum-length-constraint'
  | 'maximum-length-constraint'
  | 'type-or-format-error';

/** Readable message for an ajv error on a field; `raw` is the value as the publisher wrote it. */
export function constraintFailure(field: Field, keyword: string, raw: unknown): { code: ConstraintCode; message: string } {
  const c = field.constraints ?? {};
  const kw = keyword.replace(/^x-tableschema-/, '');
  const v = q(raw);
  switch (kw) {
    case 'not':
      return { code: 'required-constraint', message: 'value is required' };
    case 'enum':
      return { code: 'enumerable-constraint', message: `${v} is not one of ${list(c.enum ?? categoryValues(field) ?? [])}` };
    case 'pattern':
      return { code: 'pattern-constraint', message: `${v} does not match the pattern ${c.pattern}` };
    case 'minimum':
      return { code: 'minimum-constraint', message: `${v} is less than the minimum ${String(c.minimum)}` };
    case 'exclusiveMinimum':
      return { code: 'minimum-constraint', message: `${v} is not greater than the exclusive minimum ${String(c.exclusiveMinimum)}` };
    case 'maximum':
      return { code: 'maximum-constraint', message: `${v} is greater than the maximum ${String(c.maximum)}` };
    case 'exclusiveMaximum':
      return { code: 'maximum-constraint', message: `${v} is not less than the exclusive maximum ${String(c.exclusiveMaximum)}` };
    case 'minLength':
    case 'minItems':
    case 'minProperties':
      return { code: 'minimum-length-constraint', message: `${v} is shorter than the minimum length ${c.minLength}` };
    case 'maxLength':
    case 'maxItems':
    case 'maxProperties':
      return { code: 'maximum-length-constraint', message: `${v} is longer than the maximum length ${c.maxLength}` };
    default:
      return { code: 'type-or-format-error', message: `${v} is not a valid ${field.type}` };
  }
}
