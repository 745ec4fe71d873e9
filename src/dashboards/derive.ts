// Build step: read the rows behind every dashboard, one streaming pass per data file whatever
// the number of indicators and dashboards drawing from it, and keep the result in a cache keyed
// by the dashboard's configuration and the content (SHA-256) of the files it reads, so a rebuild
// reads only what changed.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { IndicatorConfig } from '../config/dashboard.ts';
import type { LoadedDataset, LoadedResource } from '../content/load.ts';
import { cachePaths, previewJobs } from '../preview/derive.ts';
import { previewCacheDir } from '../preview/store.ts';
import { openTypedRows } from '../tableschema/index.ts';
import { sha256FileSync } from '../lib/checksum.ts';
import { IndicatorAccumulator } from './accumulate.ts';
import { codeMapper } from './codes.ts';
import type { DashboardData, IndicatorData, LoadedDashboard } from './types.ts';

export const FIGURES_VERSION = 2;

/** The resource an indicator (or population table) reads: named, or the dataset's first with a Table Schema. */
export function resourceOf(datasets: readonly LoadedDataset[], slug: string, name?: string): { dataset?: LoadedDataset; resource?: LoadedResource } {
  const dataset = datasets.find((d) => d.slug === slug);
  const resource = dataset?.resources.find((r) => (name ? r.name === name : !!r.tableSchema));
  return { dataset, resource };
}

/** PORTAL_CACHE, or node_modules/.cache/crisis-portal: next to the previews. */
export function figuresCacheDir(): string {
  return resolve(previewCacheDir(), '..', 'dashboards');
}

/** A data file by its content (never its location: a copied content folder finds its figures). */
function fileKey(path: string): string {
  return sha256FileSync(path);
}

/** A file as its rows are read: its content, and the Table Schema and dialect they are cast with. */
function fileIdentity(r: LoadedResource): string {
  return JSON.stringify([fileKey(r.absPath), r.tableSchema ?? null, r.dialect ?? null]);
}

/**
 * The cache key of a dashboard's figures: its config and every file it reads, by content and with
 * the Table Schema and dialect its rows are cast with (a changed type or missing value changes
 * the figures of the same bytes).
 */
export function figuresKey(dashboard: LoadedDashboard, datasets: readonly LoadedDataset[]): string {
  const files = new Set<string>();
  const add = (r: LoadedResource | undefined) => r && files.add(fileIdentity(r));
  for (const ind of dashboard.indicators) add(resourceOf(datasets, ind.dataset, ind.resource).resource);
  const pop = dashboard.config.population;
  if (pop) add(resourceOf(datasets, pop.dataset, pop.resource).resource);
  const live = dashboard.indicators.map((i) => resourceOf(datasets, i.dataset).dataset?.config.live?.reporter ?? null);
  return createHash('sha1')
    .update(JSON.stringify([FIGURES_VERSION, dashboard.id, dashboard.config, [...files].sort(), live]))
    .digest('hex')
    .slice(0, 24);
}

type RowSink = (row: readonly unknown[]) => void;

/**
 * What one consumer of a file's rows gives, cached on its own (`<key>.piece.json`) under a key of
 * exactly what it reads: an indicator's columns, filter, aggregation, codes and reporter, or the
 * population table's columns and codes, and the file's identity. A dashboard file edited without
 * changing how an indicator reads its rows (a title, a section, a unit, a transform, the policy)
 * reads no data file again; a file all of whose consumers are cached is not read.
 */
interface Consumer {
  key: string;
  sink: (index: Map<string, number>) => RowSink;
  /** Once the rows are read: the piece to cache. */
  finish: () => unknown;
  /** Instead of reading the rows: the cached piece. */
  restore: (piece: unknown) => void;
}

function pieceKey(parts: unknown[], resource: LoadedResource): string {
  return createHash('sha1')
    .update(JSON.stringify([FIGURES_VERSION, ...parts, fileIdentity(resource)]))
    .digest('hex')
    .slice(0, 24);
}

const pieceFile = (key: string) => join(figuresCacheDir(), `${key}.piece.json`);

function writeAtomically(file: string, text: string): void {
  writeFileSync(`${file}.${process.pid}.tmp`, text);
  renameSync(`${file}.${process.pid}.tmp`, file);
}

/**
 * Where the preview pass kept a resource's typed rows (its rows.json download, in the preview
 * cache under a key of the file's content, Table Schema and dialect), or undefined.
 */
export type TypedRowsFile = (resource: LoadedResource) => string | undefined;

/** The typed rows the preview cache holds for the datasets' resources, for a portal's locale (the previews' key names it). */
export function typedRowsFiles(datasets: readonly LoadedDataset[], locale: string): TypedRowsFile {
  let byPath: Map<string, string> | undefined;
  return (resource) => {
    byPath ??= new Map(previewJobs(datasets, locale).map((j) => [j.resource.absPath, cachePaths(previewCacheDir(), j.key).json]));
    const file = byPath.get(resource.absPath);
    return file && existsSync(file) ? file : undefined;
  };
}

/** Types whose cast values (strings, finite numbers or null, booleans) come back from JSON as they were. */
const JSON_EXACT = new Set(['string', 'integer', 'number', 'boolean', 'date']);

/**
 * The rows of a rows.json file (src/preview/derive.ts: `[`, then one object per line, a comma
 * ending every line but the last, then `]`), as readRows gives them: one array in the Table
 * Schema's field order, refilled for each row. Parsing a line of JSON costs a fraction of
 * csv-parse and casting a CSV record.
 */
async function readJsonRows(file: string, names: readonly string[], add: RowSink[]): Promise<void> {
  const cells: unknown[] = new Array(names.length).fill(null);
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line[0] !== '{') continue;
    const row = JSON.parse(line.endsWith(',') ? line.slice(0, -1) : line) as Record<string, unknown>;
    for (let i = 0; i < names.length; i++) cells[i] = row[names[i]!] ?? null;
    for (const a of add) a(cells);
  }
}

/**
 * Read a table once, typed with its Table Schema, and hand every row to each sink: from the typed
 * rows the preview pass kept (`json`) when there are some and every field's type survives JSON,
 * else from the CSV. Returns whether the typed rows were read.
 */
async function readRows(resource: LoadedResource, sinks: ((index: Map<string, number>) => RowSink)[], json?: string): Promise<boolean> {
  const fields = resource.tableSchema!.fields;
  if (json && fields.every((f) => JSON_EXACT.has(f.type ?? 'string'))) {
    const names = fields.map((f) => f.name);
    const index = new Map(names.map((n, i) => [n, i]));
    await readJsonRows(
      json,
      names,
      sinks.map((s) => s(index)),
    );
    return true;
  }
  const rows = await openTypedRows(resource.absPath, resource.tableSchema!, resource.dialect);
  const add = sinks.map((s) => s(rows.index));
  try {
    for await (const row of rows) for (const a of add) a(row);
  } finally {
    await rows.close();
  }
  return false;
}

function indicatorConsumer(indicator: IndicatorConfig, reporter: string | undefined, resource: LoadedResource, out: Map<string, IndicatorData>): Consumer {
  let acc: IndicatorAccumulator | undefined;
  const { id, aggregate, value, date, territory, share, filter, codes } = indicator;
  return {
    key: pieceKey(['indicator', id, aggregate, value ?? null, date ?? null, territory ?? null, share ?? null, filter ?? null, codes ?? null, reporter ?? null], resource),
    sink: (index: Map<string, number>): RowSink => {
      const col = (name: string | undefined) => (name === undefined ? -1 : (index.get(name) ?? -1));
      acc = new IndicatorAccumulator(
        indicator,
        {
          value: col(indicator.value),
          date: col(indicator.date),
          territory: col(indicator.territory),
          share: col(indicator.share),
          reporter: col(reporter),
          filter: Object.entries(indicator.filter ?? {}).map(([f, v]) => [col(f), String(v)]),
        },
        codeMapper(indicator.codes),
      );
      return (row) => acc!.add(row);
    },
    finish: () => {
      if (!acc) return undefined;
      const data = acc.finish();
      out.set(indicator.id, data);
      return data;
    },
    restore: (piece) => out.set(indicator.id, piece as IndicatorData),
  };
}

/** The work of a figures pass, planned: for each data file, what consumes its rows. */
export interface FiguresPlan {
  /** The files to read (absolute paths), each with its resource. */
  files: Map<string, LoadedResource>;
  /** A consumer of one file's rows, cast and keyed by field name (validation's rows). */
  sinkFor(absPath: string): ((row: Readonly<Record<string, unknown>>) => void) | undefined;
  /**
   * Read the files nobody fed through sinkFor (their own streaming pass, from the typed rows the
   * preview pass kept when `rowsFile` finds them), unless every consumer of a file is cached;
   * returns how many were read.
   */
  readRest(fed: ReadonlySet<string>, rowsFile?: TypedRowsFile): Promise<number>;
  /** Of those, how many from the previews' typed rows rather than the data file. */
  fromTypedRows: number;
  /** The figures, once every file has been read. */
  finish(): Map<string, DashboardData>;
}

/**
 * Plan the data of several dashboards: one consumer per data file whatever the number of
 * indicators reading it. Indicators whose dataset or resource is missing are left out
 * (validation reports them).
 */
export function planFigures(dashboards: readonly LoadedDashboard[], datasets: readonly LoadedDataset[]): FiguresPlan {
  const byFile = new Map<string, { resource: LoadedResource; consumers: Consumer[]; restored: boolean }>();
  const job = (resource: LoadedResource) => {
    let j = byFile.get(resource.absPath);
    if (!j) byFile.set(resource.absPath, (j = { resource, consumers: [], restored: false }));
    return j;
  };
  const sinksOf = (j: { consumers: Consumer[] }) => j.consumers.map((c) => c.sink);
  const results = new Map<string, { indicators: Map<string, IndicatorData>; population?: Record<string, number> }>();
  for (const d of dashboards) {
    const indicators = new Map<string, IndicatorData>();
    const entry: { indicators: Map<string, IndicatorData>; population?: Record<string, number> } = { indicators };
    results.set(d.id, entry);
    for (const ind of d.indicators) {
      const { dataset, resource } = resourceOf(datasets, ind.dataset, ind.resource);
      if (!resource?.tableSchema || !resource.tabular || resource.bytes === 0) continue;
      const live = dataset?.config.live;
      const reporter = live && live.resource === resource.name ? live.reporter : undefined;
      job(resource).consumers.push(indicatorConsumer(ind, reporter, resource, indicators));
    }
    const pop = d.config.population;
    const popResource = pop && resourceOf(datasets, pop.dataset, pop.resource).resource;
    if (pop && popResource?.tableSchema) {
      const table: Record<string, number> = {};
      entry.population = table;
      const mapCode = codeMapper(pop.codes);
      job(popResource).consumers.push({
        key: pieceKey(['population', pop.territory, pop.value, pop.codes ?? null], popResource),
        sink: (index) => {
          const t = index.get(pop.territory) ?? -1;
          const v = index.get(pop.value) ?? -1;
          return (row) => {
            const code = t < 0 ? null : mapCode(row[t]);
            const n = v < 0 ? null : row[v];
            if (code !== null && typeof n === 'number' && Number.isFinite(n)) table[code] = (table[code] ?? 0) + n;
          };
        },
        finish: () => table,
        restore: (piece) => Object.assign(table, piece),
      });
    }
  }
  return {
    files: new Map([...byFile].map(([path, j]) => [path, j.resource])),
    sinkFor(absPath) {
      const j = byFile.get(absPath);
      if (!j) return undefined;
      // The sinks read rows as arrays in the schema's field order, as readRows makes them.
      const names = j.resource.tableSchema!.fields.map((f) => f.name);
      const add = sinksOf(j).map((s) => s(new Map(names.map((n, i) => [n, i]))));
      // One array refilled per row: the sinks read a row's cells and keep none of them.
      const cells: unknown[] = new Array(names.length).fill(null);
      return (row) => {
        for (let i = 0; i < names.length; i++) cells[i] = row[names[i]!] ?? null;
        for (const a of add) a(cells);
      };
    },
    fromTypedRows: 0,
    async readRest(fed, rowsFile) {
      let read = 0;
      for (const [path, j] of byFile) {
        if (fed.has(path)) continue;
        j.restored = j.consumers.every((c) => existsSync(pieceFile(c.key)));
        if (j.restored) continue;
        if (await readRows(j.resource, sinksOf(j), rowsFile?.(j.resource))) this.fromTypedRows++;
        read++;
      }
      return read;
    },
    finish() {
      const kept = new Set(existsSync(figuresCacheDir()) ? readdirSync(figuresCacheDir()) : []);
      for (const j of byFile.values())
        for (const c of j.consumers) {
          if (j.restored) {
            c.restore(JSON.parse(readFileSync(pieceFile(c.key), 'utf8')));
            continue;
          }
          const piece = c.finish();
          if (piece === undefined || kept.has(`${c.key}.piece.json`)) continue;
          mkdirSync(figuresCacheDir(), { recursive: true });
          writeAtomically(pieceFile(c.key), JSON.stringify(piece));
        }
      const out = new Map<string, DashboardData>();
      for (const [id, r] of results) out.set(id, { version: FIGURES_VERSION, indicators: Object.fromEntries(r.indicators), ...(r.population ? { population: r.population } : {}) });
      return out;
    },
  };
}

/** Compute the data of several dashboards, reading each file at most once (not at all when what it gives is cached). */
export async function computeFigures(dashboards: readonly LoadedDashboard[], datasets: readonly LoadedDataset[], rowsFile?: TypedRowsFile): Promise<Map<string, DashboardData>> {
  return (await computeFiguresCounted(dashboards, datasets, rowsFile)).figures;
}

async function computeFiguresCounted(
  dashboards: readonly LoadedDashboard[],
  datasets: readonly LoadedDataset[],
  rowsFile?: TypedRowsFile,
): Promise<{ figures: Map<string, DashboardData>; read: number; fromTypedRows: number }> {
  const plan = planFigures(dashboards, datasets);
  const read = await plan.readRest(new Set(), rowsFile);
  return { figures: plan.finish(), read, fromTypedRows: plan.fromTypedRows };
}

function cacheFile(key: string): string {
  return join(figuresCacheDir(), `${key}.figures.json`);
}

/** The dashboards whose figures the cache lacks. */
export function uncachedDashboards(dashboards: readonly LoadedDashboard[], datasets: readonly LoadedDataset[]): LoadedDashboard[] {
  return dashboards.filter((d) => !existsSync(cacheFile(figuresKey(d, datasets))));
}

/** Keep computed figures in the cache (atomically: a reader never sees half a file). */
export function writeFigures(dashboards: readonly LoadedDashboard[], datasets: readonly LoadedDataset[], figures: Map<string, DashboardData>): void {
  mkdirSync(figuresCacheDir(), { recursive: true });
  for (const d of dashboards) {
    const data = figures.get(d.id);
    if (!data) continue;
    writeAtomically(cacheFile(figuresKey(d, datasets)), JSON.stringify(data));
  }
}

/**
 * Compute the figures the cache lacks (all of them on a first build); returns how many were
 * computed, how many data files were read for them and how many of those from the typed rows the
 * preview pass kept (`rowsFile`, see typedRowsFiles: a dashboard edited, its data unchanged).
 */
export async function ensureFigures(
  dashboards: readonly LoadedDashboard[],
  datasets: readonly LoadedDataset[],
  rowsFile?: TypedRowsFile,
): Promise<{ computed: number; cached: number; read: number; fromTypedRows: number }> {
  const todo = uncachedDashboards(dashboards, datasets);
  if (todo.length === 0) return { computed: 0, cached: dashboards.length, read: 0, fromTypedRows: 0 };
  const { figures, read, fromTypedRows } = await computeFiguresCounted(todo, datasets, rowsFile);
  writeFigures(todo, datasets, figures);
  return { computed: todo.length, cached: dashboards.length - todo.length, read, fromTypedRows };
}

const CACHE = Symbol.for('crisis-portal.dashboard-figures');
const store = globalThis as typeof globalThis & { [CACHE]?: Map<string, DashboardData> };

/** A dashboard's data, from the cache the build step filled (read once per process). */
export function readFigures(dashboard: LoadedDashboard, datasets: readonly LoadedDataset[]): DashboardData {
  const key = figuresKey(dashboard, datasets);
  const memo = (store[CACHE] ??= new Map());
  let data = memo.get(key);
  if (!data) {
    const file = cacheFile(key);
    if (!existsSync(file)) throw new Error(`No figures for dashboards/${dashboard.id}.yaml in ${figuresCacheDir()}: run "npm run build", which computes them before rendering pages.`);
    data = JSON.parse(readFileSync(file, 'utf8')) as DashboardData;
    memo.set(key, data);
  }
  return data;
}
