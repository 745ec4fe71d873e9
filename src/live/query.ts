import { makeCaster } from '../tableschema/index.ts';
import type { RowQuery } from './store.ts';
import type { LiveDataset } from './types.ts';

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 10_000;

export interface ParsedRowsQuery {
  format: 'json' | 'csv';
  /** CSV only: exact values (raw=1) instead of the spreadsheet-safe form. */
  raw: boolean;
  query: RowQuery;
  /** asOf: the data as known at this time (UTC ISO), from the audit log. */
  asOf?: string;
  problems: { field: string; message: string }[];
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** GET /rows parameters: format, limit, offset, from, to (on the date field), and one equality filter per key field. */
export function parseRowsQuery(ds: LiveDataset, params: URLSearchParams): ParsedRowsQuery {
  const problems: ParsedRowsQuery['problems'] = [];
  const query: RowQuery = {};
  let format: 'json' | 'csv' = 'json';
  let raw = false;
  let asOf: string | undefined;
  const int = (name: string, min: number, max: number) => {
    const v = params.get(name)!;
    const n = /^\d+$/.test(v) ? Number(v) : NaN;
    if (!(n >= min && n <= max)) problems.push({ field: name, message: `must be an integer from ${min} to ${max}` });
    return n;
  };
  for (const name of new Set(params.keys())) {
    const value = params.get(name)!;
    if (params.getAll(name).length > 1) problems.push({ field: name, message: 'must be given once' });
    if (name === 'format') {
      if (value === 'json' || value === 'csv') format = value;
      else problems.push({ field: name, message: 'must be json or csv' });
    } else if (name === 'raw') {
      if (value === '1' || value === 'true') raw = true;
      else if (value !== '0' && value !== 'false') problems.push({ field: name, message: 'must be 1 or 0' });
    } else if (name === 'asOf') {
      const t = ISO_DATE_TIME.test(value) ? Date.parse(value) : NaN;
      if (Number.isNaN(t)) problems.push({ field: name, message: 'must be an ISO date-time with its time zone, such as 2020-11-16T08:00:00Z' });
      else asOf = new Date(t).toISOString();
    } else if (name === 'limit') query.limit = int(name, 1, MAX_LIMIT);
    else if (name === 'offset') query.offset = int(name, 0, Number.MAX_SAFE_INTEGER);
    else if (name === 'from' || name === 'to') {
      if (!ds.dateField) problems.push({ field: name, message: 'this dataset has no date field' });
      else if (!ISO_DATE.test(value)) problems.push({ field: name, message: 'must be a date, YYYY-MM-DD' });
      else (query.range ??= { field: ds.dateField })[name] = value;
    } else if (ds.key.includes(name)) {
      const field = ds.tableSchema.fields.find((f) => f.name === name)!;
      const cast = makeCaster(field)(value);
      if (cast.ok) (query.equals ??= {})[name] = cast.value;
      else problems.push({ field: name, message: cast.message });
    } else {
      problems.push({ field: name, message: `unknown parameter; filters are ${[...ds.key, ...(ds.dateField ? ['from', 'to'] : [])].join(', ')}, plus format, raw, limit, offset, asOf` });
    }
  }
  if (format === 'json') query.limit ??= DEFAULT_LIMIT;
  else if (params.has('limit') || params.has('offset')) problems.push({ field: 'limit', message: 'the CSV is always complete: limit and offset are for JSON' });
  if (raw && format !== 'csv') problems.push({ field: 'raw', message: 'is for format=csv (JSON is always exact)' });
  return { format, raw, query, asOf, problems };
}
