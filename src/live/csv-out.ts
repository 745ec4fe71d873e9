import { stringify } from 'csv-stringify/sync';
import { neutraliseFormula } from '../preview/spreadsheet.ts';
import type { LiveRow } from './store.ts';

/**
 * The two CSV forms of the current rows, like the build's two downloads: `spreadsheet` (the link
 * people click) neutralises text that a spreadsheet would run as a formula (`=HYPERLINK(…)`)
 * with a leading apostrophe, with the build's own function; `raw` keeps every value exactly, for
 * programs.
 */
export type CsvForm = 'spreadsheet' | 'raw';

/** One CSV cell for a cast value: numbers and booleans as written, objects and arrays as JSON, null empty. */
function cell(v: unknown, form: CsvForm): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  const text = typeof v === 'object' ? JSON.stringify(v) : String(v);
  return form === 'spreadsheet' ? neutraliseFormula(text) : text;
}

export function csvHeader(fields: string[], form: CsvForm = 'raw'): string {
  return stringify([fields.map((f) => cell(f, form))], { eof: true, record_delimiter: '\r\n' });
}

export function csvRows(fields: string[], rows: LiveRow[], form: CsvForm = 'raw'): string {
  return stringify(
    rows.map((r) => fields.map((f) => cell(r.data[f], form))),
    { eof: true, record_delimiter: '\r\n' },
  );
}
