// The normalised shape of a Table Schema after checkTableSchema(): defaults applied,
// primaryKey / foreignKeys fields always arrays. Unknown properties are kept as they are.

export const FIELD_TYPES = ['string', 'number', 'integer', 'boolean', 'object', 'array', 'date', 'time', 'datetime', 'year', 'yearmonth', 'duration', 'geopoint', 'geojson', 'any'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export interface Constraints {
  required?: boolean;
  unique?: boolean;
  minLength?: number;
  maxLength?: number;
  minimum?: unknown;
  maximum?: unknown;
  exclusiveMinimum?: unknown;
  exclusiveMaximum?: unknown;
  pattern?: string;
  enum?: unknown[];
}

export interface Field {
  name: string;
  type: FieldType;
  format?: string;
  title?: string;
  description?: string;
  constraints?: Constraints;
  trueValues?: string[];
  falseValues?: string[];
  decimalChar?: string;
  groupChar?: string;
  bareNumber?: boolean;
  /** Table Schema v2: the possible values, plain or as {value, label} (see categories.ts). */
  categories?: (string | number | { value: string | number; label?: string })[];
  categoriesOrdered?: boolean;
  [extra: string]: unknown;
}

export interface ForeignKey {
  fields: string[];
  reference: { resource: string; fields: string[] };
}

export interface TableSchema {
  fields: Field[];
  primaryKey?: string[];
  foreignKeys?: ForeignKey[];
  missingValues: string[];
  [extra: string]: unknown;
}

/** One problem found in a descriptor; path is like `fields[3].type`. */
export interface DescriptorError {
  path: string;
  message: string;
}
