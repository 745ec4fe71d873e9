import { stringify } from 'csv-stringify/sync';
import type { LiveRow } from './store.ts';

/** One CSV cell for a cast value: numbers and booleans as written, objects and arrays as JSON, null empty. */
function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

export function csvHeader(fields: string[]): string {
  return stringify([fields], { eof: true, record_delimiter: '\r\n' });
}

export function csvRows(fields: string[], rows: LiveRow[]): string {
  return stringify(rows.map((r) => fields.map((f) => cell(r.data[f]))), { eof: true, record_delimiter: '\r\n' });
}
