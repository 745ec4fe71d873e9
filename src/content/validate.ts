import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { sha256Files, sha256FileSync } from '../lib/checksum.ts';
import { validateDataset, type DatasetResource, type TableIssue, type TableSchema, type ValidationSummary } from '../tableschema/index.ts';
import { checkDashboardData } from '../dashboards/check-data.ts';
import { planFigures, typedRowsFiles, uncachedDashboards, writeFigures } from '../dashboards/derive.ts';
import { cachePaths, portalLocale, PreviewFeed, previewJobs, type DeriveTask } from '../preview/derive.ts';
import { uiLanguages } from '../i18n/index.ts';
import type { ContentIssue } from './issues.ts';
import { sortIssues } from './issues.ts';
import { loadContent, type Catalog, type LoadedResource } from './load.ts';
import type { TaskRunner } from '../lib/pool.ts';
import { loadUiStrings } from './ui-strings.ts';
import type { LoadedDashboard } from '../dashboards/types.ts';
import { JSON_CHECK_MAX_BYTES, JSON_FORMATS, jsonFileProblem } from './json-files.ts';

export interface ValidationReport {
  catalog?: Catalog;
  /** Errors, sorted by file and line. Data errors beyond a per-file cap are summarised in one line. */
  issues: ContentIssue[];
  /** Every error counted, including those summarised. */
  totalIssues: number;
  /** Things worth knowing that are not errors (a sniffed encoding, for instance). */
  notices: ContentIssue[];
  datasets: number;
  files: number;
  rows: number;
  /** Data files whose validation was reused from an earlier run (same content, schema and dialect). */
  unchanged: number;
  /** Previews computed from this read of the rows (ValidateOptions.previews): how many, their rows, and the files (`<dataset dir>/<path>`). */
  previewed: { count: number; rows: number; files: string[] };
}

/** Raise when a change to the table checks can turn a valid file invalid: every cached result is dropped. */
export const VALIDATION_VERSION = 1;
/** Results not reused for this long are forgotten. */
const CACHE_MAX_AGE_MS = 30 * 86_400_000;

type CachedResult = Record<string, { rows: number; notices: string[] }>;
interface ValidationCache {
  version: number;
  entries: Record<string, { usedAt: number; result: CachedResult }>;
}

function readCache(file: string | undefined): ValidationCache {
  if (file) {
    try {
      const c = JSON.parse(readFileSync(file, 'utf8')) as ValidationCache;
      if (c.version === VALIDATION_VERSION) return c;
    } catch {
      // no cache yet, or unreadable: everything is checked
    }
  }
  return { version: VALIDATION_VERSION, entries: {} };
}

function writeCache(file: string, cache: ValidationCache): void {
  const now = Date.now();
  for (const [k, e] of Object.entries(cache.entries)) if (now - e.usedAt > CACHE_MAX_AGE_MS) delete cache.entries[k];
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.${process.pid}.tmp`, JSON.stringify(cache));
  renameSync(`${file}.${process.pid}.tmp`, file);
}

export interface ValidateOptions {
  /** The validation cache (a JSON file); without it every table is read. */
  cache?: string;
  /**
   * Read the rows of these datasets only (and check the dashboards that read one of them);
   * every metadata file is still checked. For a write into a portal whose content was valid:
   * the tables of the other datasets did not change (docs/publishing.md).
   */
  datasets?: ReadonlySet<string>;
  /** The content folder the datasets missing from `root` are read from (loadContent's `unchangedFrom`). */
  unchangedFrom?: string;
  /** Check the tables the cache lacks on these processes (scripts/prepare-pool.ts); the report is the same. */
  pool?: TaskRunner;
  /**
   * The preview cache (src/preview/store.ts): a table that is read here gets its preview computed
   * from the same read of its rows, kept if the table is valid, so a build reads each data file
   * once (the preview pass then finds it in the cache).
   */
  previews?: string;
}

/** The tables of one dataset to check: what a build worker receives (structured-cloneable). */
export type TableCheckInput = { name: string; path: string; dialect?: LoadedResource['dialect']; schema: TableSchema; preview?: DeriveTask }[];
/** What checking them gives: each table's summary, and every issue reported, in order, with its table's name. */
export interface TableCheck {
  results: Record<string, ValidationSummary>;
  issues: [string, TableIssue][];
  /** Tables whose preview was computed and kept (TableCheckInput's `preview`). */
  previewed: string[];
}
/** The pool task that runs checkTables (scripts/prepare-pool.ts). */
export const CHECK_TABLES = 'check-tables';

/** Check the tables of one dataset against their schemas; `onRow`, per table, receives its typed rows (dashboard figures). */
export async function checkTables(tables: TableCheckInput, onRow?: (DatasetResource['onRow'] | undefined)[]): Promise<TableCheck> {
  const issues: [string, TableIssue][] = [];
  // A table's preview rides on its check (the file is read once); kept only if the table is valid.
  const feeds = tables.map((t) => (t.preview ? new PreviewFeed(t.preview) : undefined));
  let results: Record<string, ValidationSummary>;
  try {
    results = await validateDataset(
      tables.map(({ preview: _preview, ...t }, i) => {
        const sink = onRow?.[i];
        const feed = feeds[i];
        return { ...t, onRow: feed ? (row) => (sink?.(row), feed.add(row)) : sink };
      }),
      (name, issue) => void issues.push([name, issue]),
    );
  } catch (e) {
    await Promise.all(feeds.map((f) => f?.end(false)));
    throw e;
  }
  const kept = tables.map((t) => results[t.name]?.valid === true);
  await Promise.all(feeds.map((f, i) => f?.end(kept[i]!)));
  return { results, issues, previewed: tables.filter((t, i) => feeds[i] && kept[i]).map((t) => t.name) };
}

/** Whether a dashboard reads a table of one of these datasets (an indicator or its population). */
function readsAny(dashboard: LoadedDashboard, slugs: ReadonlySet<string>): boolean {
  const pop = dashboard.config.population?.dataset;
  return (pop !== undefined && slugs.has(pop)) || dashboard.indicators.some((i) => slugs.has(i.dataset));
}

/**
 * Check a whole content folder: metadata, Table Schemas, every data file
 * against its schema, and cross-references. Never writes to the content folder.
 * With `cache` (a JSON file), a dataset's tables found valid before with the same content
 * (SHA-256), schemas and dialects are not read again; only valid results are kept.
 */
export async function validateContent(root: string, options: ValidateOptions = {}): Promise<ValidationReport> {
  const loaded = loadContent(root, options.unchangedFrom);
  const { languages, issues, notices } = loaded;
  const only = options.datasets;
  const tables = only ? loaded.tables.filter((t) => only.has(t.dataset)) : loaded.tables;
  // Dashboards whose figures or checks read none of the datasets in scope are left out of the data checks.
  const catalog = loaded.catalog && only ? { ...loaded.catalog, dashboards: loaded.catalog.dashboards.filter((d) => readsAny(d, only)) } : loaded.catalog;
  const ui = loadUiStrings(root, issues);
  let rows = 0;
  let files = 0;
  let summarised = 0;
  {
    const withStrings = uiLanguages(ui);
    for (const lang of languages ?? []) {
      if (!withStrings.includes(lang) && !withStrings.some((l) => lang.startsWith(`${l}-`)))
        issues.push({ file: 'portal.yaml', field: 'languages', message: `no UI translation for "${lang}": add i18n/${lang}.json to the content folder (start from a copy of src/i18n/ui/en.json)` });
    }
  }
  // Dashboards' figures ride on this read of the rows (parsing a big file twice costs as much as
  // all the dashboard pages): kept only if every table turns out valid.
  const figuresTodo = catalog ? uncachedDashboards(catalog.dashboards, catalog.datasets) : [];
  const figures = catalog && figuresTodo.length > 0 ? planFigures(figuresTodo, catalog.datasets) : undefined;
  const fed = new Set<string>();
  const onRowOf = (absPath: string) => {
    const sink = figures?.sinkFor(absPath);
    if (sink) fed.add(absPath);
    return sink;
  };
  const cache = readCache(options.cache);
  const tabularOf = (table: (typeof tables)[number]) => table.resources.filter((r) => r.tableSchema && r.bytes > 0 && r.tabular);
  const checksums = options.cache ? await sha256Files(tables.flatMap((t) => tabularOf(t).map((r) => r.absPath))) : new Map<string, string>();
  let unchanged = 0;
  const previewed = { count: 0, rows: 0, files: [] as string[] };
  const bySlug = new Map((catalog?.datasets ?? []).map((d) => [d.slug, d]));
  /** The previews of a dataset's tables that the preview cache lacks, by resource name (none without options.previews). */
  const previewTasks = (slug: string, tabular: readonly LoadedResource[]): Map<string, DeriveTask> | undefined => {
    const dataset = bySlug.get(slug);
    const dir = options.previews;
    if (!dir || !dataset || !catalog) return undefined;
    const tasks = new Map<string, DeriveTask>();
    for (const job of previewJobs([dataset], portalLocale(catalog.portal))) {
      if (!tabular.some((r) => r.name === job.resource.name) || existsSync(cachePaths(dir, job.key).preview)) continue;
      tasks.set(job.resource.name, { input: job.input, cacheDir: dir, key: job.key, sha256: checksums.get(job.resource.absPath) ?? sha256FileSync(job.resource.absPath) });
    }
    return tasks;
  };
  // Every dataset's key first, then the checks the cache lacks: those that feed a dashboard's
  // figures here (their rows go to this process's sinks), the others through the pool (all
  // cores), each result then taken in the datasets' order, as a one-process run takes them.
  const planned = tables.map((table) => {
    const tabular = tabularOf(table);
    // One key for all the tables of a dataset: foreign keys tie them together.
    const key =
      tabular.length > 0 && options.cache
        ? createHash('sha1')
            .update(JSON.stringify([VALIDATION_VERSION, tabular.map((r) => [r.name, checksums.get(r.absPath), r.tableSchema, r.dialect ?? null])]))
            .digest('hex')
        : undefined;
    const hit = key ? cache.entries[key] : undefined;
    const sinks = hit ? [] : tabular.map((r) => onRowOf(r.absPath));
    const previews = hit ? undefined : previewTasks(table.dataset, tabular);
    const input: TableCheckInput = tabular.map((r) => ({ name: r.name, path: r.absPath, dialect: r.dialect, schema: r.tableSchema!, preview: previews?.get(r.name) }));
    return { tabular, key, hit, input, local: sinks.some((s) => s !== undefined) ? sinks : undefined };
  });
  const remote = planned.filter((p) => p.tabular.length > 0 && !p.hit && !p.local);
  const position = new Map(remote.map((p, i) => [p, i]));
  const all = options.pool?.map<TableCheckInput, TableCheck>(CHECK_TABLES, remote.map((p) => p.input));
  // Awaited below, in the datasets' order (a failure there stops the check).
  all?.catch(() => {});
  for (const p of planned) {
    const { tabular, key, hit } = p;
    if (tabular.length === 0) continue;
    if (hit) {
      hit.usedAt = Date.now();
      for (const r of tabular) {
        files++;
        unchanged++;
        rows += hit.result[r.name]?.rows ?? 0;
        for (const notice of hit.result[r.name]?.notices ?? []) notices.push({ file: r.file, message: notice });
      }
      continue;
    }
    const check = p.local || !all ? await checkTables(p.input, p.local) : (await all)[position.get(p)!]!;
    const byName = new Map(tabular.map((r) => [r.name, r]));
    for (const [name, issue] of check.issues) {
      // The table module words its messages to stand alone; the column is already named by the prefix.
      const prefix = issue.column !== undefined ? `column "${issue.column}": ` : '';
      const message = prefix && issue.message.startsWith(prefix) ? issue.message.slice(prefix.length) : issue.message;
      const column = prefix && message === issue.message ? undefined : issue.column;
      issues.push({ file: byName.get(name)!.file, line: issue.line ?? undefined, column, message, code: issue.code, value: issue.value });
    }
    let found = 0;
    for (const [name, result] of Object.entries(check.results)) {
      files++;
      rows += result.rows;
      found += result.errors;
      for (const notice of result.notices) notices.push({ file: byName.get(name)!.file, message: notice });
    }
    for (const name of check.previewed) {
      previewed.count++;
      previewed.rows += check.results[name]?.rows ?? 0;
      const r = byName.get(name)!;
      previewed.files.push(r.file);
    }
    // Past a cap per error code, the table module prints one "… and N more" line instead of N lines.
    summarised += Math.max(0, found - check.issues.length);
    if (key && found === 0)
      cache.entries[key] = { usedAt: Date.now(), result: Object.fromEntries(Object.entries(check.results).map(([name, r]) => [name, { rows: r.rows, notices: r.notices }])) };
  }
  // JSON and GeoJSON files: they parse (src/content/json-files.ts), checked once per content.
  const jsonFiles = (loaded.catalog?.datasets ?? []).filter((d) => !only || only.has(d.slug)).flatMap((d) => d.resources.filter((r) => r.path && r.bytes > 0 && JSON_FORMATS.has(r.format)));
  const jsonSums = options.cache ? await sha256Files(jsonFiles.map((r) => r.absPath)) : new Map<string, string>();
  for (const r of jsonFiles) {
    const key = options.cache ? `json:${r.format}:${jsonSums.get(r.absPath)}` : undefined;
    const hit = key ? cache.entries[key] : undefined;
    files++;
    if (hit) {
      hit.usedAt = Date.now();
      unchanged++;
      continue;
    }
    if (r.bytes > JSON_CHECK_MAX_BYTES) {
      notices.push({ file: r.file, message: `not checked: over ${JSON_CHECK_MAX_BYTES / 1024 / 1024} MB, too large to parse whole` });
      continue;
    }
    const problem = await jsonFileProblem(r.absPath, r.format);
    if (problem) issues.push({ file: r.file, line: problem.line, message: problem.message, code: 'source-error' });
    else if (key) cache.entries[key] = { usedAt: Date.now(), result: {} };
  }
  if (options.cache) writeCache(options.cache, cache);
  // Dashboards are read from valid data only: their figures would be wrong otherwise.
  if (catalog && issues.length === 0) {
    if (figures) {
      // Files not validated in this run: from the typed rows their previews kept, when there are some.
      await figures.readRest(fed, typedRowsFiles(catalog.datasets, portalLocale(catalog.portal)));
      writeFigures(figuresTodo, catalog.datasets, figures.finish());
    }
    const found = await checkDashboardData(catalog);
    issues.push(...found.issues);
    notices.push(...found.notices);
  } else if (catalog) {
    // Said, so that a reader who fixes the errors above is not surprised by new ones.
    const files = new Set([...catalog.dashboards.map((d) => d.file), ...issues.map((i) => i.file).filter((f) => f.startsWith('dashboards/'))]);
    for (const file of files) notices.push({ file, message: 'its figures are checked against the data (filters, territory codes, population table) once the errors above are fixed' });
  }
  return { catalog: loaded.catalog, issues: sortIssues(issues), totalIssues: issues.length + summarised, notices, datasets: catalog?.datasets.length ?? 0, files, rows, unchanged, previewed };
}
