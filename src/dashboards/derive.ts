// Build step: read the rows behind every dashboard, one streaming pass per data file whatever
// the number of indicators and dashboards drawing from it, and keep the result in a cache keyed
// by the dashboard's configuration and the content (SHA-256) of the files it reads, so a rebuild
// reads only what changed.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { IndicatorConfig } from '../config/dashboard.ts';
import type { LoadedDataset, LoadedResource } from '../content/load.ts';
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

/**
 * The cache key of a dashboard's figures: its config and every file it reads, by content and with
 * the Table Schema and dialect its rows are cast with (a changed type or missing value changes
 * the figures of the same bytes).
 */
export function figuresKey(dashboard: LoadedDashboard, datasets: readonly LoadedDataset[]): string {
  const files = new Set<string>();
  const add = (r: LoadedResource | undefined) => r && files.add(JSON.stringify([fileKey(r.absPath), r.tableSchema ?? null, r.dialect ?? null]));
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

/** Read a CSV once, typed with its Table Schema, and hand every row to each sink. */
async function readRows(resource: LoadedResource, sinks: ((index: Map<string, number>) => RowSink)[]): Promise<void> {
  const rows = await openTypedRows(resource.absPath, resource.tableSchema!, resource.dialect);
  const add = sinks.map((s) => s(rows.index));
  try {
    for await (const row of rows) for (const a of add) a(row);
  } finally {
    await rows.close();
  }
}

function indicatorSink(indicator: IndicatorConfig, reporter: string | undefined, out: Map<string, IndicatorData>) {
  let acc: IndicatorAccumulator | undefined;
  return {
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
    finish: () => acc && out.set(indicator.id, acc.finish()),
  };
}

/** The work of a figures pass, planned: for each data file, what consumes its rows. */
export interface FiguresPlan {
  /** The files to read (absolute paths), each with its resource. */
  files: Map<string, LoadedResource>;
  /** A consumer of one file's rows, cast and keyed by field name (validation's rows). */
  sinkFor(absPath: string): ((row: Readonly<Record<string, unknown>>) => void) | undefined;
  /** Read the files nobody fed through sinkFor (their own streaming pass). */
  readRest(fed: ReadonlySet<string>): Promise<void>;
  /** The figures, once every file has been read. */
  finish(): Map<string, DashboardData>;
}

/**
 * Plan the data of several dashboards: one consumer per data file whatever the number of
 * indicators reading it. Indicators whose dataset or resource is missing are left out
 * (validation reports them).
 */
export function planFigures(dashboards: readonly LoadedDashboard[], datasets: readonly LoadedDataset[]): FiguresPlan {
  const byFile = new Map<string, { resource: LoadedResource; sinks: ((index: Map<string, number>) => RowSink)[]; done: (() => void)[] }>();
  const job = (resource: LoadedResource) => {
    let j = byFile.get(resource.absPath);
    if (!j) byFile.set(resource.absPath, (j = { resource, sinks: [], done: [] }));
    return j;
  };
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
      const s = indicatorSink(ind, reporter, indicators);
      const j = job(resource);
      j.sinks.push(s.sink);
      j.done.push(s.finish);
    }
    const pop = d.config.population;
    const popResource = pop && resourceOf(datasets, pop.dataset, pop.resource).resource;
    if (pop && popResource?.tableSchema) {
      const table: Record<string, number> = {};
      entry.population = table;
      const mapCode = codeMapper(pop.codes);
      job(popResource).sinks.push((index) => {
        const t = index.get(pop.territory) ?? -1;
        const v = index.get(pop.value) ?? -1;
        return (row) => {
          const code = t < 0 ? null : mapCode(row[t]);
          const n = v < 0 ? null : row[v];
          if (code !== null && typeof n === 'number' && Number.isFinite(n)) table[code] = (table[code] ?? 0) + n;
        };
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
      const add = j.sinks.map((s) => s(new Map(names.map((n, i) => [n, i]))));
      // One array refilled per row: the sinks read a row's cells and keep none of them.
      const cells: unknown[] = new Array(names.length).fill(null);
      return (row) => {
        for (let i = 0; i < names.length; i++) cells[i] = row[names[i]!] ?? null;
        for (const a of add) a(cells);
      };
    },
    async readRest(fed) {
      for (const [path, j] of byFile) if (!fed.has(path)) await readRows(j.resource, j.sinks);
    },
    finish() {
      for (const j of byFile.values()) for (const f of j.done) f();
      const out = new Map<string, DashboardData>();
      for (const [id, r] of results) out.set(id, { version: FIGURES_VERSION, indicators: Object.fromEntries(r.indicators), ...(r.population ? { population: r.population } : {}) });
      return out;
    },
  };
}

/** Compute the data of several dashboards, reading each file once. */
export async function computeFigures(dashboards: readonly LoadedDashboard[], datasets: readonly LoadedDataset[]): Promise<Map<string, DashboardData>> {
  const plan = planFigures(dashboards, datasets);
  await plan.readRest(new Set());
  return plan.finish();
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
    const file = cacheFile(figuresKey(d, datasets));
    writeFileSync(`${file}.${process.pid}.tmp`, JSON.stringify(data));
    renameSync(`${file}.${process.pid}.tmp`, file);
  }
}

/** Compute the figures the cache lacks (all of them on a first build); returns how many were computed. */
export async function ensureFigures(dashboards: readonly LoadedDashboard[], datasets: readonly LoadedDataset[]): Promise<{ computed: number; cached: number }> {
  const todo = uncachedDashboards(dashboards, datasets);
  if (todo.length === 0) return { computed: 0, cached: dashboards.length };
  writeFigures(todo, datasets, await computeFigures(todo, datasets));
  return { computed: todo.length, cached: dashboards.length - todo.length };
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
