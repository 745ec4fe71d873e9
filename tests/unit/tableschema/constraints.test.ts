import { describe, it, expect } from 'vitest';
import { checkTableSchema, compileTableSchema, toJsonSchema, type Field } from '../../../src/tableschema/index.js';

function compile(fields: unknown[]) {
  const r = checkTableSchema({ fields });
  if (!r.schema) throw new Error(JSON.stringify(r.errors));
  return compileTableSchema(r.schema);
}
/** Errors of a one-field schema on one cell, as "code: message". */
function errs(field: Partial<Field>, cell: string): string[] {
  return compile([{ name: 'f', ...field }])
    .castRow([cell])
    .errors.map((e) => `${e.code}: ${e.message}`);
}

describe('required', () => {
  it('empty cell is a missing value', () => {
    expect(errs({ type: 'integer', constraints: { required: true } }, '')).toEqual(['required-constraint: value is required']);
    expect(errs({ type: 'integer', constraints: { required: true } }, '3')).toEqual([]);
    expect(errs({ type: 'any', constraints: { required: true } }, '')).toEqual(['required-constraint: value is required']);
  });
  it('custom missingValues', () => {
    const c = checkTableSchema({ fields: [{ name: 'f', type: 'integer', constraints: { required: true } }], missingValues: ['', 'NA'] });
    const s = compileTableSchema(c.schema!);
    expect(s.castRow(['NA']).errors.map((e) => e.code)).toEqual(['required-constraint']);
    expect(s.castRow(['NA']).row).toEqual({ f: null });
  });
  it('a cast failure is not also reported as required', () => expect(errs({ type: 'integer', constraints: { required: true } }, 'x')).toEqual(['type-or-format-error: "x" is not an integer']));
});

describe('minimum / maximum', () => {
  it('integer and number', () => {
    expect(errs({ type: 'integer', constraints: { minimum: 0 } }, '-3')).toEqual(['minimum-constraint: "-3" is less than the minimum 0']);
    expect(errs({ type: 'number', constraints: { maximum: 90 } }, '90.5')).toEqual(['maximum-constraint: "90.5" is greater than the maximum 90']);
    expect(errs({ type: 'number', constraints: { minimum: -90, maximum: 90 } }, '90')).toEqual([]);
  });
  it('bounds written as strings (schema-fontaine-eau) are cast with the field', () =>
    expect(errs({ type: 'number', constraints: { minimum: '-90', maximum: '90' } }, '-91')).toEqual(['minimum-constraint: "-91" is less than the minimum -90']));
  it('exclusive bounds', () => {
    expect(errs({ type: 'integer', constraints: { exclusiveMinimum: 0 } }, '0')).toEqual(['minimum-constraint: "0" is not greater than the exclusive minimum 0']);
    expect(errs({ type: 'integer', constraints: { exclusiveMaximum: 10 } }, '10')).toEqual(['maximum-constraint: "10" is not less than the exclusive maximum 10']);
  });
  it('date, with a pattern format', () => {
    expect(errs({ type: 'date', constraints: { minimum: '2020-01-01' } }, '2019-12-31')).toEqual(['minimum-constraint: "2019-12-31" is less than the minimum 2020-01-01']);
    expect(errs({ type: 'date', format: '%d/%m/%Y', constraints: { maximum: '31/12/2020' } }, '01/01/2021')).toEqual(['maximum-constraint: "01/01/2021" is greater than the maximum 31/12/2020']);
    expect(errs({ type: 'date', format: '%d/%m/%Y', constraints: { maximum: '31/12/2020' } }, '31/12/2020')).toEqual([]);
  });
  it('time, datetime, year, yearmonth, duration', () => {
    expect(errs({ type: 'time', constraints: { minimum: '08:00:00' } }, '07:59:59')).toEqual(['minimum-constraint: "07:59:59" is less than the minimum 08:00:00']);
    expect(errs({ type: 'datetime', constraints: { maximum: '2020-01-01T00:00:00Z' } }, '2020-01-01T01:00:00+02:00')).toEqual([]);
    expect(errs({ type: 'datetime', constraints: { maximum: '2020-01-01T00:00:00Z' } }, '2020-01-01T00:00:01Z')).toHaveLength(1);
    expect(errs({ type: 'year', constraints: { minimum: 2000 } }, '1999')).toEqual(['minimum-constraint: "1999" is less than the minimum 2000']);
    expect(errs({ type: 'yearmonth', constraints: { maximum: '2020-06' } }, '2020-07')).toEqual(['maximum-constraint: "2020-07" is greater than the maximum 2020-06']);
    expect(errs({ type: 'duration', constraints: { maximum: 'P1D' } }, 'PT25H')).toEqual(['maximum-constraint: "PT25H" is greater than the maximum P1D']);
    expect(errs({ type: 'duration', constraints: { maximum: 'P1D' } }, 'PT23H')).toEqual([]);
  });
});

describe('minLength / maxLength', () => {
  it('string', () => {
    expect(errs({ type: 'string', constraints: { minLength: 3 } }, 'ab')).toEqual(['minimum-length-constraint: "ab" is shorter than the minimum length 3']);
    expect(errs({ type: 'string', constraints: { maxLength: 3 } }, 'abcd')).toEqual(['maximum-length-constraint: "abcd" is longer than the maximum length 3']);
    expect(errs({ type: 'string', constraints: { maxLength: 3 } }, 'été')).toEqual([]);
  });
  it('array and object', () => {
    expect(errs({ type: 'array', constraints: { minLength: 2 } }, '["a"]')).toEqual(['minimum-length-constraint: "[\\"a\\"]" is shorter than the minimum length 2']);
    expect(errs({ type: 'object', constraints: { maxLength: 1 } }, '{"a":1,"b":2}')).toHaveLength(1);
  });
  it('empty optional cell is not checked', () => expect(errs({ type: 'string', constraints: { minLength: 3 } }, '')).toEqual([]));
});

describe('pattern', () => {
  it('must match the whole value', () => {
    expect(errs({ type: 'string', constraints: { pattern: '\\d{9}' } }, '1234567890')).toEqual(['pattern-constraint: "1234567890" does not match the pattern \\d{9}']);
    expect(errs({ type: 'string', constraints: { pattern: '\\d{9}' } }, '123456789')).toEqual([]);
    expect(errs({ type: 'string', constraints: { pattern: 'a|b' } }, 'ab')).toHaveLength(1);
  });
  it('real INSEE code pattern', () => {
    const f = { type: 'string' as const, constraints: { pattern: '^([013-9]\\d|2[AB1-9])\\d{3}$' } };
    expect(errs(f, '2A004')).toEqual([]);
    expect(errs(f, '20004')).toHaveLength(1);
  });
});

describe('enum', () => {
  it('strings', () => {
    expect(errs({ type: 'string', constraints: { enum: ['a', 'b', 'c'] } }, 'x')).toEqual(['enumerable-constraint: "x" is not one of a, b, c']);
    expect(errs({ type: 'string', constraints: { enum: ['a', 'b', 'c'] } }, '')).toEqual([]);
  });
  it('compares cast values', () => {
    expect(errs({ type: 'integer', constraints: { enum: ['1', '2'] } }, '02')).toEqual([]);
    expect(errs({ type: 'integer', constraints: { enum: [1, 2] } }, '3')).toEqual(['enumerable-constraint: "3" is not one of 1, 2']);
    expect(errs({ type: 'date', format: '%d/%m/%Y', constraints: { enum: ['01/01/2020'] } }, '01/01/2020')).toEqual([]);
  });
});

describe('toJsonSchema', () => {
  it('describes a cast row', () => {
    const c = checkTableSchema({
      fields: [
        { name: 'id', type: 'integer', constraints: { required: true, minimum: 1 } },
        { name: 'd', type: 'date', constraints: { maximum: '2020-12-31' } },
        { name: 'code', type: 'string', constraints: { pattern: '\\d{5}', enum: ['75056'] } },
      ],
    });
    expect(toJsonSchema(c.schema!)).toEqual({
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      required: ['id', 'd', 'code'],
      properties: {
        id: { 'x-tableschema-type': 'integer', type: ['integer', 'null'], not: { type: 'null' }, minimum: 1 },
        d: { 'x-tableschema-type': 'date', type: ['string', 'null'], 'x-tableschema-maximum': { kind: 'date', value: '2020-12-31' } },
        code: { 'x-tableschema-type': 'string', type: ['string', 'null'], enum: ['75056', null], pattern: '^(?:\\d{5})$' },
      },
    });
  });
});

describe('validateObject (rows pushed as JSON)', () => {
  const s = compile([
    { name: 'dep', type: 'string', constraints: { required: true } },
    { name: 'lits', type: 'integer', constraints: { minimum: 0 } },
    { name: 'ouvert', type: 'boolean' },
    { name: 'jour', type: 'date' },
  ]);
  it('accepts typed and string values alike', () => {
    expect(s.validateObject({ dep: '01', lits: 12, ouvert: true, jour: '2020-03-18' })).toEqual({
      row: { dep: '01', lits: 12, ouvert: true, jour: '2020-03-18' },
      errors: [],
    });
    expect(s.validateObject({ dep: '01', lits: '12', ouvert: 'false' }).row).toEqual({ dep: '01', lits: 12, ouvert: false, jour: null });
  });
  it('reports type, constraint and unknown-property errors', () => {
    expect(s.validateObject({ lits: -1.5, ouvert: 'oui', lit: 1 }).errors).toEqual([
      { field: 'dep', code: 'required-constraint', message: 'value is required' },
      { field: 'lits', code: 'type-or-format-error', message: '"-1.5" is not an integer' },
      { field: 'ouvert', code: 'type-or-format-error', message: '"oui" is not a boolean (expected one of true, True, TRUE, 1, false, False, FALSE, 0)' },
      { field: 'lit', code: 'extra-value', message: '"lit" is not a field of the schema (did you mean "lits"?)' },
    ]);
    expect(s.validateObject({ dep: 'x', lits: -2 }).errors).toEqual([{ field: 'lits', code: 'minimum-constraint', message: '"-2" is less than the minimum 0' }]);
  });
  it('compiles once per schema', () => {
    const c = checkTableSchema({ fields: [{ name: 'a' }] }).schema!;
    expect(compileTableSchema(c)).toBe(compileTableSchema(c));
  });
});
