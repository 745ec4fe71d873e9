// Public API of the Table Schema module: descriptor check, casting, JSON Schema compile,
// CSV reading and validation. Everything else in this folder is internal.

export { FIELD_TYPES } from './model.js';
export type { Field, FieldType, Constraints, ForeignKey, TableSchema, DescriptorError } from './model.js';
export { categoriesOf, categoryValues, type Category } from './categories.js';
export { checkTableSchema, assertTableSchema, type CheckResult } from './descriptor.js';
export { makeCaster, UnrepresentableNumber, type Caster, type CastResult, DEFAULT_TRUE_VALUES, DEFAULT_FALSE_VALUES } from './types.js';
export { toJsonSchema, type JsonSchema } from './json-schema.js';
export { compileTableSchema, type CompiledSchema, type CellError, type RowResult } from './row.js';
export { checkDialect, resolveDialect, sniffDelimiter, normaliseEncoding, type Dialect, type ResolvedDialect, type Encoding, type SniffInfo } from './dialect.js';
export { readTable, TableReadError, type TableRecord, type TableReader } from './csv.js';
export { openTypedRows, type TypedRows } from './typed-rows.js';
export { validateTable, validateDataset, collectKeys, keyOf, type TableIssue, type ValidationSummary, type ValidateTableOptions, type DatasetResource, type ForeignKeyIndex } from './validate.js';
