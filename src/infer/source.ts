// Where rows come from: a CSV file (through the project's own reader, so the dialect inferred
// here is the one validation reads with) or a JSON file (an array of objects, or the features of
// a GeoJSON FeatureCollection). Every source yields rows as values in header order, and can be
// read again (the primary-key pass reads the rows a second time).

import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { readTable, TableReadError, type Dialect, type TableRecord } from '../tableschema/index.ts';

export type SourceFormat = 'csv' | 'json' | 'geojson';

export interface Row {
  /** Line in a CSV file, item (1-based) in a JSON array, feature in GeoJSON. */
  at: number;
  values: unknown[];
}

export interface TableSource {
  format: SourceFormat;
  header: string[];
  /** What a position is called in messages. */
  unit: 'line' | 'item' | 'feature';
  /** JSON values are typed; CSV cells are text. */
  typed: boolean;
  /** CSV only: the dialect to declare in dataset.yaml (delimiter and encoding made explicit). */
  dialect?: Dialect;
  notes: string[];
  rows(): AsyncIterable<Row>;
}

/** A problem with the file itself, worded for its publisher; nothing is written when it is raised. */
export class SourceError extends Error {}

const PREAMBLE_SCAN = 200;

const isBlank = (r: TableRecord): boolean => r.cells.every((c) => c === '');

/**
 * The line of the header when notes (a title, a source, a date) come before it: the first row
 * as wide as most of the first rows, followed by one as wide, after rows that are all narrower.
 */
async function findHeaderLine(path: string, dialect: Dialect): Promise<number> {
  const reader = await readTable(path, { dialect });
  const sample: TableRecord[] = [];
  try {
    if (reader.empty || !reader.header) return 1;
    sample.push({ line: reader.headerLine ?? 1, cells: reader.header });
    for await (const r of reader) {
      sample.push(r);
      if (sample.length >= PREAMBLE_SCAN) break;
    }
  } finally {
    await reader.close();
  }
  const counts = new Map<number, number>();
  for (const r of sample) if (!isBlank(r)) counts.set(r.cells.length, (counts.get(r.cells.length) ?? 0) + 1);
  let width = 0;
  let best = 0;
  for (const [w, n] of counts) if (n > best || (n === best && w > width)) [width, best] = [w, n];
  if (width < 2 || sample[0]!.cells.length >= width) return sample[0]!.line;
  for (let i = 0; i < sample.length; i++) {
    const r = sample[i]!;
    if (r.cells.length > width) return sample[0]!.line; // not a preamble: leave the file as it reads
    if (r.cells.length === width && (sample[i + 1] === undefined || sample[i + 1]!.cells.length === width)) return r.line;
  }
  return sample[0]!.line;
}

class Utf8Broken extends Error {}

async function openCsv(path: string, encoding?: string): Promise<TableSource> {
  const notes: string[] = [];
  let probe;
  try {
    probe = await readTable(path, { dialect: encoding ? { encoding } : {} });
  } catch (e) {
    throw new SourceError(`cannot read the file: ${(e as Error).message}`);
  }
  await probe.close();
  if (probe.empty) throw new SourceError('the file is empty: there is no header row and no data');
  const { delimiter, encoding: enc } = probe.dialect;
  const dialect: Dialect = { delimiter, encoding: enc };
  let headerLine: number;
  try {
    headerLine = await findHeaderLine(path, dialect);
  } catch (e) {
    if (e instanceof TableReadError) throw new SourceError(`line ${e.line}: ${e.message}`);
    throw e;
  }
  if (headerLine > 1) {
    dialect.headerRows = [headerLine];
    notes.push(
      `the header is on line ${headerLine}: the ${headerLine - 1} line${headerLine === 2 ? '' : 's'} above it ${headerLine === 2 ? 'is' : 'are'} read as notes (dialect.headerRows: [${headerLine}])`,
    );
  }
  const reader = await readTable(path, { dialect });
  await reader.close();
  const raw = reader.header ?? [];
  // A delimiter at the end of every line makes an unnamed empty last column, which validation
  // tolerates (src/tableschema/validate.ts); it is not a field.
  const header = raw.length > 1 && raw[raw.length - 1]!.trim() === '' ? raw.slice(0, -1) : raw;
  const at = reader.headerLine ?? 1;
  header.forEach((h, i) => {
    if (h.trim() === '') throw new SourceError(`line ${at}: column ${i + 1} of the header has no name; write a name for every column in the header, then run again`);
    const j = header.indexOf(h);
    if (j < i) throw new SourceError(`line ${at}: columns ${j + 1} and ${i + 1} of the header are both named "${h}"; give each column its own name, then run again`);
  });
  if (enc !== 'utf-8') notes.push(`read as ${enc}${reader.sniffed.bom ? ' (byte order mark)' : ''}: declared as dialect.encoding`);
  const width = header.length;
  return {
    format: 'csv',
    header,
    unit: 'line',
    typed: false,
    dialect,
    notes,
    async *rows() {
      const r = await readTable(path, { dialect });
      try {
        for await (const rec of r) {
          if (rec.invalidUtf8) throw new Utf8Broken();
          const values: unknown[] = rec.cells.length === width ? rec.cells : Array.from({ length: width }, (_, i) => rec.cells[i]);
          yield { at: rec.line, values };
        }
      } catch (e) {
        if (e instanceof TableReadError) throw new SourceError(`line ${e.line}: ${e.message}`);
        throw e;
      } finally {
        await r.close();
      }
    },
  };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * JSON is read whole (JSON.parse): streaming applies to CSV, the format of large tables.
 * Columns are the keys of the objects, in the order they first appear.
 */
function openJson(path: string, ext: string): TableSource {
  let data: unknown;
  const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  try {
    data = JSON.parse(text);
  } catch (e) {
    const m = /position (\d+)/.exec((e as Error).message);
    const line = m ? text.slice(0, Number(m[1])).split('\n').length : undefined;
    throw new SourceError(`not valid JSON${line ? ` (line ${line})` : ''}: ${(e as Error).message}`);
  }
  let items: unknown[];
  let format: SourceFormat = 'json';
  let unit: TableSource['unit'] = 'item';
  if (isObject(data) && data.type === 'FeatureCollection' && Array.isArray(data.features)) {
    format = 'geojson';
    unit = 'feature';
    items = data.features.map((f, i) => {
      if (!isObject(f)) throw new SourceError(`feature ${i + 1} is not an object`);
      return f.properties ?? {};
    });
  } else if (Array.isArray(data)) items = data;
  else if (ext === '.geojson') throw new SourceError('a GeoJSON file must be a FeatureCollection ({"type": "FeatureCollection", "features": […]})');
  else throw new SourceError('a JSON file must hold an array of objects ([{"name": …}, …]) or a GeoJSON FeatureCollection; this one holds ' + (isObject(data) ? 'one object' : typeof data));
  if (items.length === 0) throw new SourceError(`the file holds no ${unit}: nothing to infer a schema from`);
  const header: string[] = [];
  const known = new Set<string>();
  items.forEach((it, i) => {
    if (!isObject(it)) throw new SourceError(`${unit} ${i + 1} is not an object ({"name": value, …}) but ${JSON.stringify(it)?.slice(0, 40)}`);
    for (const k of Object.keys(it)) {
      if (known.has(k)) continue;
      known.add(k);
      header.push(k);
    }
  });
  if (header.length === 0) throw new SourceError(`no ${unit} has any property: nothing to describe`);
  return {
    format,
    header,
    unit,
    typed: true,
    notes: [],
    async *rows() {
      for (let i = 0; i < items.length; i++) {
        const o = items[i] as Record<string, unknown>;
        yield { at: i + 1, values: header.map((k) => o[k]) };
      }
    },
  };
}

/** Open a file for inference by its extension (.csv, .tsv, .txt: CSV; .json; .geojson). */
export async function openSource(path: string): Promise<TableSource> {
  const ext = extname(path).toLowerCase();
  if (ext === '.json' || ext === '.geojson') return openJson(path, ext);
  if (!['.csv', '.tsv', '.txt'].includes(ext)) throw new SourceError(`"${ext || 'no extension'}" files are not read: give a CSV (.csv, .tsv), JSON (.json) or GeoJSON (.geojson) file`);
  return openCsv(path);
}

/** Iterate a source's rows; a CSV file that turns out not to be UTF-8 past its first 64 kB is re-read as windows-1252. */
export async function reopenAsLatin1(path: string): Promise<TableSource> {
  return openCsv(path, 'windows-1252');
}

export function isUtf8Broken(e: unknown): boolean {
  return e instanceof Utf8Broken;
}
