// Table Schema v2 `categories` (https://datapackage.org/standard/table-schema/#categories): a
// string or integer field may list its possible values, either as plain values or as objects
// `{value, label?}`; `categoriesOrdered: true` says the listed order is the natural one. The
// values restrict the field like an `enum` constraint (an `enum`, when also present, must be a
// subset and is the one enforced); the labels are what people read in place of the codes.

import type { DescriptorError, Field } from './model.js';
import { q } from './text.js';

export interface Category {
  value: string | number;
  label?: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The categories of a field, normalised to objects; undefined when it declares none. */
export function categoriesOf(field: Pick<Field, 'categories'>): Category[] | undefined {
  const raw = field.categories;
  if (!Array.isArray(raw)) return undefined;
  return raw.map((c) => (isObject(c) ? { value: c.value as string | number, ...(typeof c.label === 'string' ? { label: c.label } : {}) } : { value: c as string | number }));
}

/** The values a field with categories may take (for the enum check). */
export function categoryValues(field: Pick<Field, 'categories'>): (string | number)[] | undefined {
  return categoriesOf(field)?.map((c) => c.value);
}

/** Errors in a field's `categories` and `categoriesOrdered` (only string and integer fields may have them). */
export function checkCategories(field: Field, path: string): DescriptorError[] {
  const errors: DescriptorError[] = [];
  const raw = field.categories as unknown;
  if (field.categoriesOrdered !== undefined && typeof field.categoriesOrdered !== 'boolean') errors.push({ path: `${path}.categoriesOrdered`, message: 'categoriesOrdered must be true or false' });
  if (raw === undefined) return errors;
  const at = `${path}.categories`;
  if (field.type !== 'string' && field.type !== 'integer') return [...errors, { path: at, message: `categories apply to string and integer fields, not ${field.type}` }];
  if (!Array.isArray(raw) || raw.length === 0) return [...errors, { path: at, message: 'categories must be a non-empty array of values or of {value, label} objects' }];
  const wanted = field.type === 'integer' ? 'an integer' : 'a string';
  const fits = (v: unknown) => (field.type === 'integer' ? Number.isInteger(v) : typeof v === 'string');
  const values = new Set<unknown>();
  const labels = new Set<string>();
  raw.forEach((c, i) => {
    const value = isObject(c) ? c.value : c;
    if (isObject(c) && !('value' in c)) return void errors.push({ path: `${at}[${i}]`, message: 'a category object needs a "value"' });
    if (!fits(value)) return void errors.push({ path: `${at}[${i}]`, message: `${q(value)} must be ${wanted}, like the field` });
    if (values.has(value)) errors.push({ path: `${at}[${i}]`, message: `${q(value)} is listed twice` });
    values.add(value);
    if (isObject(c) && c.label !== undefined) {
      if (typeof c.label !== 'string') errors.push({ path: `${at}[${i}].label`, message: 'label must be a string' });
      else if (labels.has(c.label)) errors.push({ path: `${at}[${i}].label`, message: `the label ${q(c.label)} is used twice` });
      else labels.add(c.label);
    }
  });
  const e = field.constraints?.enum;
  if (errors.length === 0 && Array.isArray(e)) {
    e.forEach((v, i) => {
      // enum entries may be written as strings castable to the type ("1" for an integer field)
      const cast = field.type === 'integer' && typeof v === 'string' && /^[+-]?\d+$/.test(v) ? Number(v) : v;
      if (!values.has(cast)) errors.push({ path: `${path}.constraints.enum[${i}]`, message: `${q(v)} is not one of the field's categories (enum must be a subset of categories)` });
    });
  }
  return errors;
}
