// Table Schema -> JSON Schema (draft-07) describing one row of *cast* values, and the single
// ajv instance that checks constraints on such rows. Casting (types/formats) happens before,
// in types.ts; everything ajv can express about constraints is left to ajv, and what it cannot
// (ordering of dates, times, year-months, durations held as strings) is added as our own
// keywords so there is still one code path for every constraint.

import AjvModule from 'ajv';
import type { Field, TableSchema } from './model.js';
import { constraintKeywords } from './constraints.js';
import { durationSeconds, temporalKey } from './datetime.js';
import { linearRegExpEngine } from './pattern.js';

// ajv ships CommonJS with a default export; under ESM + TS the class may sit on .default.
const Ajv = ((AjvModule as unknown as { default?: typeof AjvModule }).default ?? AjvModule) as typeof AjvModule;
type AjvInstance = InstanceType<typeof AjvModule>;

export type JsonSchema = Record<string, unknown>;

const JSON_TYPE: Record<Field['type'], string | undefined> = {
  string: 'string',
  number: 'number',
  integer: 'integer',
  boolean: 'boolean',
  object: 'object',
  array: 'array',
  date: 'string',
  time: 'string',
  datetime: 'string',
  year: 'integer',
  yearmonth: 'string',
  duration: 'string',
  geopoint: 'array',
  geojson: 'object',
  any: undefined,
};

function fieldSchema(field: Field): JsonSchema {
  const s: JsonSchema = {};
  if (field.title !== undefined) s.title = field.title;
  if (field.description !== undefined) s.description = field.description;
  s['x-tableschema-type'] = field.type;
  if (field.format !== undefined) s['x-tableschema-format'] = field.format;
  const t = JSON_TYPE[field.type];
  if (t) s.type = [t, 'null'];
  if (field.type === 'geopoint') Object.assign(s, { items: { type: 'number' }, minItems: 2, maxItems: 2 });
  return Object.assign(s, constraintKeywords(field));
}

/**
 * JSON Schema of one cast row: every field is a property (null when the cell is missing).
 * Types follow the cast representation: date/time/datetime/yearmonth/duration are ISO strings,
 * year is an integer, geopoint is [lon, lat], geojson/object are objects.
 */
export function toJsonSchema(schema: TableSchema): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const f of schema.fields) properties[f.name] = fieldSchema(f);
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    type: 'object',
    properties,
    required: schema.fields.map((f) => f.name),
  };
}

type OrderKind = 'date' | 'time' | 'datetime' | 'yearmonth' | 'duration';
const orderKey = (kind: OrderKind, v: string): number => (kind === 'duration' ? durationSeconds(v) : temporalKey(kind, v));

let shared: AjvInstance | undefined;

/**
 * The one ajv instance: $data stays off (known ReDoS); `pattern` is matched by RE2 in linear
 * time (pattern.ts), so no publisher pattern can make one value take minutes.
 */
export function getAjv(): AjvInstance {
  if (shared) return shared;
  const ajv = new Ajv({ allErrors: true, strict: true, unicodeRegExp: false, $data: false, code: { regExp: linearRegExpEngine } });
  ajv.addKeyword({ keyword: 'x-tableschema-type', schemaType: 'string' });
  ajv.addKeyword({ keyword: 'x-tableschema-format', schemaType: 'string' });
  const bound = (keyword: string, ok: (cmp: number) => boolean): void => {
    ajv.addKeyword({
      keyword,
      type: 'string',
      schemaType: 'object',
      errors: false,
      compile: (sch: { kind: OrderKind; value: unknown }) => {
        const limit = orderKey(sch.kind, String(sch.value));
        return (data: string) => {
          const k = orderKey(sch.kind, data);
          return Number.isNaN(k) || ok(k - limit);
        };
      },
    });
  };
  bound('x-tableschema-minimum', (c) => c >= 0);
  bound('x-tableschema-maximum', (c) => c <= 0);
  bound('x-tableschema-exclusiveMinimum', (c) => c > 0);
  bound('x-tableschema-exclusiveMaximum', (c) => c < 0);
  shared = ajv;
  return ajv;
}
