// One streaming pass per data file computes everything the dataset page shows and the derived
// downloads: the first rows, column statistics, chart data (aggregated and downsampled), a JSON
// file of typed rows and a spreadsheet-friendly CSV. Memory holds accumulators, never rows.
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync, type WriteStream } from 'node:fs';
import { compressBuffer, compressBufferSync, IN_MEMORY_MAX, levels, MIN_SIZE } from '../server/http/precompress.ts';
import { join, posix } from 'node:path';
import type { LoadedDataset, LoadedResource } from '../content/load.ts';
import { openTypedRows, type TableSchema } from '../tableschema/index.ts';
import { GroupedAggregation } from './aggregate.ts';
import { resolveCharts, type ResolvedChart } from './spec.ts';
import { spreadsheetFormat, spreadsheetHeader, spreadsheetLine, BOM, type SpreadsheetFormat } from './spreadsheet.ts';
import { ColumnStatsAccumulator } from './stats.ts';
import type { ChartData, ResourcePreview } from './types.ts';
import { MAX_BARS, MAX_GROUPS, MAX_POINTS, num, passes, planXY, filterOf } from './xy.ts';
import { sha256File, sha256FileSync, sha256Files } from '../lib/checksum.ts';
import { derivedFileName } from '../lib/urls.ts';
import { mapLimit, type TaskRunner } from '../lib/pool.ts';

export const PREVIEW_VERSION = 3;
export const HEAD_ROWS = 100;
export { MAX_BARS, MAX_GROUPS, MAX_POINTS };
export const MAX_MAP_DATES = 60;
export const MAX_MAP_POINTS = 5000;

/** The charts of a dataset, resolved from dataset.yaml and the Table Schemas. */
export function chartsOf(dataset: Pick<LoadedDataset, 'resources' | 'config'>): ResolvedChart[] {
  return resolveCharts(
    dataset.resources.map((r) => ({ name: r.name, tabular: r.tabular && r.bytes > 0 && !!r.tableSchema, fields: r.tableSchema?.fields })),
    dataset.config.charts,
  );
}

/** Resources that get a preview: tabular, non-empty, with a Table Schema. */
export function previewable(r: LoadedResource): boolean {
  return r.tabular && r.bytes > 0 && !!r.tableSchema;
}

/** File names of a resource's derived downloads (in /datasets/<slug>/derived/): its name is unique in the dataset. */
export function derivedNames(resource: string): { json: string; spreadsheet: string } {
  return { json: derivedFileName(resource, 'rows.json'), spreadsheet: derivedFileName(resource, 'spreadsheet.csv') };
}

export interface DeriveInput {
  path: string;
  resource: string;
  /** Path as written in dataset.yaml: names the derived files. */
  relPath: string;
  schema: TableSchema;
  dialect?: LoadedResource['dialect'];
  charts: ResolvedChart[];
  /** Locale of the spreadsheet CSV, e.g. fr-FR. */
  locale: string;
}

/**
 * The cache key of a resource's preview: the file's content (SHA-256, never its location or
 * modification time, so a copied content folder finds its previews), its resource name, schema,
 * dialect, charts, locale and the version of this code (PREVIEW_VERSION: raise it when the output changes).
 */
export function previewKey(input: DeriveInput): string {
  const h = createHash('sha1');
  h.update(JSON.stringify([PREVIEW_VERSION, sha256FileSync(input.path), input.resource, input.schema, input.dialect ?? null, input.charts, input.locale]));
  return h.digest('hex').slice(0, 24);
}

export function cachePaths(cacheDir: string, key: string) {
  return { preview: join(cacheDir, `${key}.preview.json`), json: join(cacheDir, `${key}.rows.json`), spreadsheet: join(cacheDir, `${key}.sheet.csv`) };
}

/**
 * Buffered writer that respects back-pressure. The file is opened only when its buffer first
 * fills: a derived download smaller than the buffer (most tables) is written at the end in one
 * synchronous call, with its bytes kept for its compressed copies, instead of an open, a write
 * and a close each sent to the thread pool (at 10,000 small tables, most of a pass's cost).
 */
class Out {
  private parts: string[] = [];
  private size = 0;
  private stream: WriteStream | undefined;
  bytes = 0;
  /** The whole file, when it was written in one call by end(). */
  whole: Buffer | undefined;
  constructor(private readonly path: string) {}
  /** Buffer a string; true when the buffer is full and flush() should be awaited. */
  push(s: string): boolean {
    this.parts.push(s);
    this.size += s.length;
    return this.size >= 256 * 1024;
  }
  async write(s: string) {
    if (this.push(s)) await this.flush();
  }
  private take(): Buffer {
    const chunk = Buffer.from(this.parts.join(''), 'utf8');
    this.parts = [];
    this.size = 0;
    this.bytes += chunk.length;
    return chunk;
  }
  async flush() {
    if (this.parts.length === 0) return;
    const stream = (this.stream ??= createWriteStream(this.path));
    if (!stream.write(this.take())) await new Promise<void>((r) => stream.once('drain', () => r()));
  }
  async end() {
    const stream = this.stream;
    if (!stream) {
      this.whole = this.take();
      writeFileSync(this.path, this.whole);
      return;
    }
    await this.flush();
    await new Promise<void>((r, j) => stream.end((e?: Error | null) => (e ? j(e) : r())));
  }
  /** Stop without keeping anything: the caller removes the file. */
  async abort() {
    this.parts = [];
    const stream = this.stream;
    if (stream) await new Promise<void>((r) => stream.end(() => r()));
  }
}

interface ChartPlan {
  chart: ResolvedChart;
  filter: [number, string][];
  add(row: unknown[]): void;
  /** Its data; undefined for a chart not drawn (an automatic bar chart over too many categories). */
  finish(): ChartData | undefined;
}

/**
 * An automatic bar chart (dataset.yaml declares no `charts:`) whose column holds more distinct
 * values than this is not drawn: its 15 tallest bars would say little, and counting every value
 * of a column of millions (a commune, an address) held an accumulator each, gigabytes for a
 * large file. A chart the publisher declares is drawn whatever its number of categories.
 */
export const MAX_AUTO_CATEGORIES = 1000;

function planChart(chart: ResolvedChart, index: Map<string, number>): ChartPlan {
  const filter = filterOf(chart, index);
  const ys = chart.y.map((y) => index.get(y) ?? -1);
  let rows = 0;
  const base = { chart, filter };
  if (chart.type === 'table') return { ...base, add: () => void rows++, finish: () => ({ kind: 'table', rows }) };
  if (chart.type === 'points') {
    const points: [number, number, string][] = [];
    let total = 0;
    const lat = index.get(chart.lat ?? '') ?? -1;
    const lon = index.get(chart.lon ?? '') ?? -1;
    const geo = index.get(chart.geopoint ?? '') ?? -1;
    const label = index.get(chart.label ?? '') ?? -1;
    return {
      ...base,
      add(row) {
        rows++;
        let x: number | null;
        let y: number | null;
        if (geo >= 0) {
          const p = row[geo] as [number, number] | null;
          x = p ? p[0] : null;
          y = p ? p[1] : null;
        } else {
          x = num(row[lon]);
          y = num(row[lat]);
        }
        if (x === null || y === null || Math.abs(y) > 90 || Math.abs(x) > 180) return;
        total++;
        if (points.length < MAX_MAP_POINTS) points.push([Math.round(x * 1e5) / 1e5, Math.round(y * 1e5) / 1e5, label >= 0 ? String(row[label] ?? '') : '']);
      },
      finish: () => ({ kind: 'points', points, total, rows }),
    };
  }
  if (chart.type === 'map') {
    const keyIdx = index.get(chart.key ?? '') ?? -1;
    const dateIdx = chart.x ? (index.get(chart.x) ?? -1) : -1;
    const agg = new GroupedAggregation(chart.aggregate, 1);
    const y0 = ys[0] ?? -1;
    return {
      ...base,
      add(row) {
        rows++;
        const k = row[keyIdx];
        if (k === null || k === undefined) return;
        agg.add(String(k), dateIdx >= 0 ? String(row[dateIdx] ?? '') : '', [num(row[y0])]);
      },
      finish() {
        const allDates = new Set<string>();
        for (const byX of agg.groups.values()) for (const d of byX.keys()) allDates.add(String(d));
        let dates = [...allDates].filter((d) => d !== '').sort();
        if (dates.length > MAX_MAP_DATES) {
          const step = (dates.length - 1) / (MAX_MAP_DATES - 1);
          dates = Array.from({ length: MAX_MAP_DATES }, (_, i) => dates[Math.round(i * step)]!);
        }
        const values: Record<string, (number | null)[]> = {};
        for (const [region, byX] of agg.groups) {
          values[region] = dateIdx >= 0 ? dates.map((d) => byX.get(d)?.[0]!.value() ?? null) : [byX.get('')?.[0]!.value() ?? null];
        }
        return { kind: 'map', dates: dateIdx >= 0 ? dates : [], values, rows };
      },
    };
  }
  // line, bar, area: the same code the chart island runs over live rows
  let xy: ReturnType<typeof planXY> | undefined = planXY(chart, index);
  if (chart.type !== 'bar' || !chart.auto) return { ...base, add: (row) => xy!.add(row), finish: () => xy!.finish() };
  const x = index.get(chart.x ?? '') ?? -1;
  const seen = new Set<string>();
  return {
    ...base,
    add(row) {
      if (!xy) return;
      const v = row[x];
      if (v !== null && v !== undefined && seen.add(String(v)).size > MAX_AUTO_CATEGORIES) {
        // Too many categories: what was counted goes at once, the rest is not counted.
        xy = undefined;
        seen.clear();
        return;
      }
      xy.add(row);
    },
    finish: () => xy?.finish(),
  };
}

/**
 * Read one CSV once, with the project's Table Schema reader and casters, and write its
 * preview and derived files into the cache. Returns the preview.
 */
let passCount = 0;

export async function deriveResource(input: DeriveInput, cacheDir: string, key = previewKey(input), sha256?: string): Promise<ResourcePreview> {
  mkdirSync(cacheDir, { recursive: true });
  const paths = cachePaths(cacheDir, key);
  // Unique per pass, so that no two passes (of this process or another) write the same file.
  const tmp = `.${process.pid}-${++passCount}.tmp`;
  try {
    return await deriveInto(input, paths, tmp, sha256);
  } catch (e) {
    // A failed pass leaves no half-written file behind: the next build starts it again cleanly.
    for (const file of Object.values(paths)) rmSync(file + tmp, { force: true });
    throw e;
  }
}

async function deriveInto(input: DeriveInput, paths: ReturnType<typeof cachePaths>, tmp: string, sha256?: string): Promise<ResourcePreview> {
  const hashing = sha256 ?? sha256File(input.path);
  const reader = await openTypedRows(input.path, input.schema, input.dialect);
  const sink = previewSink(input, paths, tmp);
  try {
    for await (const row of reader) await sink.add(row);
  } finally {
    await reader.close();
  }
  return sink.finish(await hashing);
}

/**
 * A preview pass fed one typed row at a time (in field order): its statistics, first rows,
 * chart data and derived downloads, written into the cache by `finish`. The rows come from the
 * pass's own read of the file (deriveInto), or from validation's (PreviewFeed): the file is read once.
 */
export interface PreviewSink {
  /** Await the promise when there is one: the derived downloads are being written out. */
  add(row: readonly unknown[]): Promise<void> | undefined;
  finish(sha256: string): Promise<ResourcePreview>;
  /** End the derived downloads' streams without keeping anything (the caller removes the temporary files). */
  abort(): Promise<void>;
}

function previewSink(input: DeriveInput, paths: ReturnType<typeof cachePaths>, tmp: string): PreviewSink {
  const { schema } = input;
  const fields = schema.fields;
  const n = fields.length;
  const index = new Map(fields.map((f, i) => [f.name, i]));
  const plans = input.charts.map((c) => planChart(c, index));
  const stats = fields.map((f) => new ColumnStatsAccumulator(f.name, f.type));
  const fmt: SpreadsheetFormat = spreadsheetFormat(input.locale);
  const json = new Out(paths.json + tmp);
  const sheet = new Out(paths.spreadsheet + tmp);
  sheet.push(
    BOM +
      spreadsheetHeader(
        fields.map((f) => f.name),
        fmt,
      ) +
      '\r\n',
  );
  json.push('[');
  const head: unknown[][] = [];
  let rows = 0;
  const names = fields.map((f) => JSON.stringify(f.name));
  return {
    add(row) {
      for (let i = 0; i < n; i++) stats[i]!.add(row[i]);
      if (rows < HEAD_ROWS) head.push([...row]);
      for (const p of plans) {
        if (passes(p.filter, row as unknown[])) p.add(row as unknown[]);
      }
      let obj = rows === 0 ? '\n{' : ',\n{';
      for (let i = 0; i < n; i++) {
        const v = row[i];
        obj +=
          (i ? ',' : '') +
          names[i] +
          ':' +
          (v === null || v === undefined ? 'null' : typeof v === 'number' ? (Number.isFinite(v) ? String(v) : 'null') : typeof v === 'boolean' ? String(v) : JSON.stringify(v));
      }
      rows++;
      const full = json.push(obj + '}');
      if (sheet.push(spreadsheetLine(row as unknown[], fmt) + '\r\n') || full) return Promise.all([json.flush(), sheet.flush()]).then(() => undefined);
      return undefined;
    },
    async finish(sha256) {
      await json.write('\n]\n');
      await Promise.all([json.end(), sheet.end()]);
      renameSync(paths.json + tmp, paths.json);
      renameSync(paths.spreadsheet + tmp, paths.spreadsheet);
      await Promise.all([compressDerived(paths.json, json.bytes, json.whole), compressDerived(paths.spreadsheet, sheet.bytes, sheet.whole)]);
      const names2 = derivedNames(input.resource);
      const preview: ResourcePreview = {
        version: PREVIEW_VERSION,
        resource: input.resource,
        rows,
        sha256,
        fields: fields.map((f) => ({ name: f.name, type: f.type, ...(f.title ? { title: f.title } : {}) })),
        head,
        stats: stats.map((s) => s.result()),
        charts: Object.fromEntries(
          plans.flatMap((p) => {
            const data = p.finish();
            return data ? [[p.chart.index, data] as const] : [];
          }),
        ),
        downloads: {
          json: { name: names2.json, bytes: json.bytes, mediaType: 'application/json' },
          spreadsheet: { name: names2.spreadsheet, bytes: sheet.bytes, mediaType: 'text/csv' },
        },
      };
      writeFileSync(paths.preview + tmp, JSON.stringify(preview));
      renameSync(paths.preview + tmp, paths.preview);
      return preview;
    },
    async abort() {
      await Promise.all([json.abort(), sheet.abort()]).catch(() => undefined);
    },
  };
}

/** Derived downloads up to this size are compressed on the calling thread. */
const SYNC_COMPRESS_MAX = 64 * 1024;

/**
 * The brotli and gzip copies of a derived download, kept with it in the cache (`<file>.br`,
 * `<file>.gz`; an empty `<file>.none` when gzip would not save a tenth), at the build's
 * precompression levels: made here, on the cores that compute the previews, from a file just
 * written, instead of by the build's precompression, which at 10,000 datasets spent most of its
 * time on these 10,000 small files. writeDerivedFiles links them with the file. Files
 * precompression leaves alone (too small) or streams (too big to read at once) get none here.
 */
async function compressDerived(file: string, size: number, bytes?: Buffer): Promise<void> {
  if (size < MIN_SIZE || size > IN_MEMORY_MAX) return;
  // The precompression step's own rule and levels (gzip first, brotli only when gzip saves a tenth).
  const data = bytes ?? readFileSync(file);
  const level = levels('datasets/derived', size);
  // A small file here, in well under a millisecond; a large one on the thread pool, so that a
  // server validating an upload is not held (a megabyte takes tens of milliseconds).
  const copies = size <= SYNC_COMPRESS_MAX ? compressBufferSync(data, level) : await compressBuffer(data, level);
  if (!copies) {
    writeFileSync(`${file}.none`, '');
    return;
  }
  const tmp = `.${process.pid}-${++passCount}.tmp`;
  writeFileSync(`${file}.br${tmp}`, copies.br);
  writeFileSync(`${file}.gz${tmp}`, copies.gz);
  renameSync(`${file}.br${tmp}`, `${file}.br`);
  // The gzip copy last: its presence says both are there.
  renameSync(`${file}.gz${tmp}`, `${file}.gz`);
}

/**
 * A preview computed from the rows validation reads (src/content/validate.ts): fed with each
 * row as validation casts it, kept in the cache only if the table turns out valid (a table with
 * errors stops the build anyway), so a cold build reads each data file once, not twice.
 */
export class PreviewFeed {
  private readonly sink: PreviewSink;
  private readonly tmp = `.${process.pid}-${++passCount}.tmp`;
  private readonly paths: ReturnType<typeof cachePaths>;

  constructor(private readonly task: DeriveTask) {
    mkdirSync(task.cacheDir, { recursive: true });
    this.paths = cachePaths(task.cacheDir, task.key);
    this.sink = previewSink(task.input, this.paths, this.tmp);
  }

  /** A row as validation gives it (by field name). */
  add(row: Readonly<Record<string, unknown>>): Promise<void> | undefined {
    return this.sink.add(this.task.input.schema.fields.map((f) => row[f.name] ?? null));
  }

  /** Keep the preview (the table is valid) or drop what was written. */
  async end(valid: boolean): Promise<void> {
    try {
      if (valid) {
        await this.sink.finish(this.task.sha256);
        return;
      }
      await this.sink.abort();
    } catch (e) {
      await this.sink.abort();
      this.remove();
      throw e;
    }
    this.remove();
  }

  private remove(): void {
    for (const file of Object.values(this.paths)) rmSync(file + this.tmp, { force: true });
  }
}

export interface PreviewJob {
  dataset: LoadedDataset;
  resource: LoadedResource;
  input: DeriveInput;
  key: string;
}

// A dataset's jobs, computed once per loaded dataset and locale: a build asks for them when it
// derives the previews, writes the derived downloads and renders the pages (10,000 datasets' keys).
// A loaded dataset is never changed, and its files' checksums are one per build.
const jobsOf = new WeakMap<LoadedDataset, { locale: string; jobs: PreviewJob[] }>();

/** Every resource preview a catalog needs, with its cache key. */
export function previewJobs(datasets: readonly LoadedDataset[], locale: string): PreviewJob[] {
  const jobs: PreviewJob[] = [];
  for (const dataset of datasets) {
    const known = jobsOf.get(dataset);
    if (known?.locale === locale) {
      jobs.push(...known.jobs);
      continue;
    }
    const first = jobs.length;
    const charts = chartsOf(dataset);
    for (const resource of dataset.resources) {
      if (!previewable(resource)) continue;
      const input: DeriveInput = {
        path: resource.absPath,
        resource: resource.name,
        relPath: resource.path,
        schema: resource.tableSchema!,
        dialect: resource.dialect,
        charts: charts.filter((c) => c.resource === resource.name),
        locale,
      };
      jobs.push({ dataset, resource, input, key: previewKey(input) });
    }
    jobsOf.set(dataset, { locale, jobs: jobs.slice(first) });
  }
  return jobs;
}

/** One preview pass as a build worker receives it (scripts/prepare-pool.ts): the file's checksum is known. */
export interface DeriveTask {
  input: DeriveInput;
  cacheDir: string;
  key: string;
  sha256: string;
}
/** The pool task that runs derivePass. */
export const DERIVE_PREVIEW = 'derive-preview';

/** Run one preview pass into the cache; the number of rows read. */
export async function derivePass(task: DeriveTask): Promise<number> {
  return (await deriveResource(task.input, task.cacheDir, task.key, task.sha256)).rows;
}

/**
 * Compute the previews that are not in the cache yet, a few files at a time (per process of the
 * pool, when one is given: the cache entries are the same files whatever process wrote them).
 */
export async function derivePreviews(
  datasets: readonly LoadedDataset[],
  locale: string,
  cacheDir: string,
  log: (s: string) => void = () => {},
  pool?: TaskRunner,
): Promise<{ derived: number; cached: number; rows: number; files: string[] }> {
  // Checksums first, 8 files at a time (most come from the manifest without reading the file).
  await sha256Files(datasets.flatMap((d) => d.resources.filter(previewable).map((r) => r.absPath)));
  const jobs = previewJobs(datasets, locale);
  const todo = jobs.filter((j) => !existsSync(cachePaths(cacheDir, j.key).preview));
  // Two resources with the same bytes, name, schema and charts (copies in two datasets) share one
  // cache entry: it is computed once, never by two passes writing the same files at once.
  const passes = [...new Map(todo.map((j) => [j.key, j])).values()];
  const tasks = passes.map((job): DeriveTask => ({ input: job.input, cacheDir, key: job.key, sha256: sha256FileSync(job.input.path) }));
  const counts = pool ? await pool.map<DeriveTask, number>(DERIVE_PREVIEW, tasks, 4) : await mapLimit(tasks, 4, derivePass);
  let rows = 0;
  counts.forEach((n, i) => {
    rows += n;
    const job = passes[i]!;
    if (n > 100_000) log(`preview of ${posix.join(job.dataset.dir, job.resource.path)}: ${n.toLocaleString('en-US')} rows`);
  });
  // Mark what this catalog uses (its age is its last use: marked again when a day old, a stat
  // instead of a write per entry at each rebuild), then drop what nobody used for a month (once a
  // day, a stamp next to the cache: not a look at every entry at each rebuild).
  const now = Date.now();
  for (const j of jobs) {
    const preview = cachePaths(cacheDir, j.key).preview;
    if (now - statSync(preview).mtimeMs > 86_400_000) utimesSync(preview, new Date(now), new Date(now));
  }
  const stamp = `${cacheDir}.pruned`;
  if (!existsSync(stamp) || now - statSync(stamp).mtimeMs > 86_400_000) {
    pruneCache(cacheDir);
    writeFileSync(stamp, '');
  }
  return { derived: passes.length, cached: jobs.length - todo.length, rows, files: todo.map((j) => posix.join(j.dataset.dir, j.resource.path)) };
}

/** Cache entries unused for this long are deleted (several content folders may share one cache). */
export const CACHE_MAX_AGE_DAYS = 30;

/**
 * Delete the cache entries whose preview was last used more than `maxAgeDays` ago, and any
 * temporary file left by a process that died mid-pass (older than an hour).
 */
export function pruneCache(cacheDir: string, maxAgeDays = CACHE_MAX_AGE_DAYS, now = Date.now()): number {
  if (!existsSync(cacheDir)) return 0;
  const used = new Map<string, number>();
  const files = readdirSync(cacheDir);
  for (const f of files) if (f.endsWith('.preview.json')) used.set(f.slice(0, -'.preview.json'.length), statSync(join(cacheDir, f)).mtimeMs);
  let removed = 0;
  for (const f of files) {
    const file = join(cacheDir, f);
    const stale = f.endsWith('.tmp') ? now - statSync(file).mtimeMs > 3_600_000 : now - (used.get(f.slice(0, f.indexOf('.'))) ?? 0) > maxAgeDays * 86_400_000;
    if (stale) {
      rmSync(file, { force: true });
      removed++;
    }
  }
  return removed;
}

/** The spreadsheet locale of a portal: its first language in its country, e.g. fr-FR. */
export function portalLocale(portal: { languages: string[]; country: string }): string {
  const lang = portal.languages[0] ?? 'en';
  return lang.includes('-') ? lang : `${lang}-${portal.country}`;
}
