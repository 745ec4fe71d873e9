// Table Schema v2 `categories`: checked in the descriptor, enforced like an enum on rows.
import { describe, expect, it } from 'vitest';
import { categoriesOf, checkTableSchema, compileTableSchema } from '../../../src/tableschema/index.js';

const msgs = (fields: unknown[]) => checkTableSchema({ fields }).errors.map((e) => `${e.path}: ${e.message}`);
const rowErrors = (field: Record<string, unknown>, cell: string) => {
  const r = checkTableSchema({ fields: [{ name: 'f', ...field }] });
  if (!r.schema) throw new Error(JSON.stringify(r.errors));
  return compileTableSchema(r.schema)
    .castRow([cell])
    .errors.map((e) => `${e.code}: ${e.message}`);
};

describe('categories', () => {
  it('accepts plain values and {value, label} objects, with no typo warning', () => {
    const r = checkTableSchema({
      fields: [
        { name: 'fruit', categories: ['apple', 'orange'] },
        { name: 'sexe', type: 'integer', categories: [{ value: 0, label: 'Ensemble' }, { value: 1 }], categoriesOrdered: false },
      ],
    });
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(categoriesOf(r.schema!.fields[1]!)).toEqual([{ value: 0, label: 'Ensemble' }, { value: 1 }]);
  });
  it('rejects wrong shapes, types, duplicates and an enum that is not a subset', () => {
    expect(msgs([{ name: 'a', type: 'number', categories: [1] }])).toEqual(['fields[0].categories: categories apply to string and integer fields, not number']);
    expect(msgs([{ name: 'a', categories: [] }])).toEqual(['fields[0].categories: categories must be a non-empty array of values or of {value, label} objects']);
    expect(msgs([{ name: 'a', type: 'integer', categories: ['1', { label: 'x' }] }])).toEqual([
      'fields[0].categories[0]: "1" must be an integer, like the field',
      'fields[0].categories[1]: a category object needs a "value"',
    ]);
    expect(msgs([{ name: 'a', categories: [{ value: 'x', label: 'X' }, { value: 'y', label: 'X' }, 'x'] }])).toEqual([
      'fields[0].categories[1].label: the label "X" is used twice',
      'fields[0].categories[2]: "x" is listed twice',
    ]);
    expect(msgs([{ name: 'a', type: 'integer', categories: [0, 1], constraints: { enum: [1, 2] } }])).toEqual([
      'fields[0].constraints.enum[1]: "2" is not one of the field\'s categories (enum must be a subset of categories)',
    ]);
    expect(msgs([{ name: 'a', categories: ['x'], categoriesOrdered: 'yes' }])).toEqual(['fields[0].categoriesOrdered: categoriesOrdered must be true or false']);
  });
  it('restricts the values like an enum; the enum wins when both are present', () => {
    expect(
      rowErrors(
        {
          type: 'integer',
          categories: [
            { value: 0, label: 'a' },
            { value: 1, label: 'b' },
          ],
        },
        '1',
      ),
    ).toEqual([]);
    expect(
      rowErrors(
        {
          type: 'integer',
          categories: [
            { value: 0, label: 'a' },
            { value: 1, label: 'b' },
          ],
        },
        '2',
      ),
    ).toEqual(['enumerable-constraint: "2" is not one of 0, 1']);
    expect(rowErrors({ categories: ['x', 'y'], constraints: { enum: ['x'] } }, 'y')).toEqual(['enumerable-constraint: "y" is not one of x']);
    expect(rowErrors({ categories: ['x', 'y'] }, '')).toEqual([]);
  });
});
