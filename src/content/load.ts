import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { join, posix, resolve } from 'node:path';
import { datasetSchema, type DatasetConfig, type DialectConfig, type ResourceConfig } from '../config/dataset.ts';
import { findLicense, KNOWN_LICENSES, suggestLicense, type LicenseInfo } from '../config/licenses.ts';
import type { LocalizedText } from '../config/localized.ts';
import { DEFAULT_SECTORS, portalSchema, type PortalConfig } from '../config/portal.ts';
import { publisherSchema, type Publisher } from '../config/publisher.ts';
import { REPORTERS_TABLE_SCHEMA, reportersFileSchema, type ReporterConfig } from '../config/reporters.ts';
import { loadDashboards } from '../dashboards/load.ts';
import type { LoadedDashboard } from '../dashboards/types.ts';
import { resolveInside } from '../lib/safe-path.ts';
import { HandoffWriter, type HandoffFiles } from './load-handoff.ts';
import { parseRule } from '../config/rules.ts';
import { checkTableSchema, type TableSchema } from '../tableschema/index.ts';
import { formatOf } from './formats.ts';
import { closest, didYouMean } from './hints.ts';
import { LoadCache } from './load-cache.ts';
import type { ContentIssue } from './issues.ts';
import { languagesOf } from './localize.ts';
import { parseLenient, parseWith } from './parse-lenient.ts';
import { fieldPath, parseJson, parseYaml, readText, type PathSegment, type SourceFile } from './source-file.ts';

export interface Sector {
  id: string;
  title?: LocalizedText;
  description?: LocalizedText;
}

export type Portal = Omit<PortalConfig, 'sectors'> & { sectors: Sector[]; defaultLanguage: string };
export type PublisherEntry = Publisher & { id: string };

export interface LoadedResource {
  name: string;
  /** Path relative to the dataset folder, as written in dataset.yaml (and in the download URL); empty for a link. */
  path: string;
  /** A file hosted elsewhere (dataset.yaml `url:`): its address, never fetched at build. */
  url?: string;
  /** Path relative to the content folder. */
  file: string;
  absPath: string;
  title?: LocalizedText;
  description?: LocalizedText;
  format: string;
  mediaType: string;
  tabular: boolean;
  bytes: number;
  schemaPath?: string;
  schemaFile?: string;
  /** Real location of the Table Schema file (checked to be inside the content folder). */
  schemaAbsPath?: string;
  tableSchema?: TableSchema;
  dialect?: DialectConfig;
  /** Earlier versions of the file (dataset.yaml `versions`), newest first. */
  versions?: ResourceVersion[];
}

/**
 * A resource hosted elsewhere (`url:` instead of `path:`): listed and exported with its address,
 * never fetched, read or checked at build. Its `path` is empty and it is not tabular, so no
 * validation, preview, copy or checksum touches it.
 */
function loadLink(r: ResourceConfig, dir: string, at: (segments: PathSegment[], message: string) => void): LoadedResource | undefined {
  if (r.url === undefined) {
    at([], 'needs `path:` (a file of the dataset folder) or `url:` (the address of a file hosted elsewhere, https://…)');
    return undefined;
  }
  if (r.path !== undefined) at(['url'], 'a resource is a file of the dataset folder (`path:`) or a link (`url:`), not both: remove one');
  for (const key of ['schema', 'dialect', 'fields', 'versions'] as const) {
    if (r[key] !== undefined) at([key], `a link (url:) is not read by the build, so \`${key}:\` cannot apply to it: publish the file itself with path: to have it checked`);
  }
  const fmt = formatOf(new URL(r.url).pathname, r.format);
  return {
    name: r.name,
    path: '',
    url: r.url,
    file: posix.join(dir, 'dataset.yaml'),
    absPath: '',
    title: r.title,
    description: r.description,
    format: fmt.format,
    mediaType: fmt.mediaType,
    tabular: false,
    bytes: 0,
  };
}

export interface ResourceVersion {
  /** Relative to the dataset folder, as in dataset.yaml (and in its download address). */
  path: string;
  absPath: string;
  /** When it was replaced (UTC). */
  replaced: string;
  sha256?: string;
  bytes: number;
}

export interface LoadedDataset {
  slug: string;
  /** dataset.yaml path relative to the content folder. */
  file: string;
  dir: string;
  config: DatasetConfig;
  license: LicenseInfo;
  resources: LoadedResource[];
  /** The live dataset's reporters file (live.reporters), when declared. */
  reporters?: LoadedReporters;
}

/** A reporters file: a CSV read at build with REPORTERS_TABLE_SCHEMA, or a YAML list already parsed. */
export type LoadedReporters = { file: string; kind: 'csv'; table: LoadedResource } | { file: string; kind: 'yaml'; entries: ReporterConfig[] };

export interface Catalog {
  root: string;
  portal: Portal;
  publishers: Map<string, PublisherEntry>;
  datasets: LoadedDataset[];
  /** dashboards/<id>.yaml, checked against the datasets and map layers. */
  dashboards: LoadedDashboard[];
}

export interface LoadResult {
  catalog?: Catalog;
  /** Worth fixing but not errors: a misspelled Table Schema property that is therefore ignored, for instance. */
  notices: ContentIssue[];
  /** The portal's languages, when portal.yaml names them (even if it has other errors). */
  languages?: string[];
  /** The data files to check, per dataset, including datasets whose metadata has errors. */
  tables: { dataset: string; resources: LoadedResource[] }[];
  issues: ContentIssue[];
}

const SLUG = /^[a-z0-9][a-z0-9-]*$/;

function loadYaml(root: string, file: string, issues: ContentIssue[]): SourceFile | undefined {
  const text = readText(join(root, file), file, issues);
  return text === undefined ? undefined : parseYaml(text, file, issues);
}

/** Localised texts must only use the portal's languages (a typo like `title: {fe: …}` would otherwise vanish). */
function checkLanguages(source: SourceFile, texts: [PathSegment[], LocalizedText | undefined][], languages: string[], issues: ContentIssue[]) {
  for (const [path, text] of texts) {
    for (const lang of languagesOf(text)) {
      if (languages.includes(lang)) continue;
      issues.push({
        file: source.file,
        field: [...path, lang].join('.').replace(/\.(\d+)\./g, '[$1].'),
        line: source.lineOf(path, lang),
        message: `"${lang}" is not one of the portal's languages (${languages.join(', ')})`,
        hint: didYouMean(lang, languages),
      });
    }
  }
}

/**
 * Read portal.yaml. `portal` is set only when the file is valid; `checks` is what
 * could be read of it even with errors, so datasets are still cross-checked.
 */
function loadPortal(root: string, issues: ContentIssue[]): { portal?: Portal; checks?: Partial<Portal> } {
  const source = loadYaml(root, 'portal.yaml', issues);
  if (!source) return {};
  const { full, partial: config } = parseLenient(portalSchema, source, issues);
  if (!config) return {};
  const at = (path: PathSegment[], message: string, hint?: string) => issues.push({ file: source.file, field: fieldPath(path), line: source.lineOf(path), message, hint });
  const sectors: Sector[] = (config.sectors ?? (full ? [] : [...DEFAULT_SECTORS])).map((s) => (typeof s === 'string' ? { id: s } : s));
  const languages = config.languages;
  const maps = config.maps ?? [];
  const licenses = config.licenses ?? [];
  if (languages) {
    checkLanguages(
      source,
      [
        [['name'], config.name],
        [['tagline'], config.tagline],
        ...sectors.flatMap((s, i): [PathSegment[], LocalizedText | undefined][] => [
          [['sectors', i, 'title'], s.title],
          [['sectors', i, 'description'], s.description],
        ]),
        ...maps.map((m, i): [PathSegment[], LocalizedText | undefined] => [['maps', i, 'title'], m.title]),
      ],
      languages,
      issues,
    );
  }
  const seen = new Set<string>();
  sectors.forEach((s, i) => {
    if (seen.has(s.id)) at(['sectors', i], `sector "${s.id}" is listed twice`);
    seen.add(s.id);
    if (!s.title && !(DEFAULT_SECTORS as readonly string[]).includes(s.id))
      at(['sectors', i], `sector "${s.id}" needs a title, e.g. {id: ${s.id}, title: {${languages?.[0] ?? 'en'}: "…"}}`);
  });
  if (config.license !== undefined && !findLicense(config.license, licenses))
    at(['license'], `"${config.license}" is not a known licence id`, licenseHint(config.license, licenses));
  maps.forEach((m, i) => {
    const found = resolveInside(root, m.path);
    if (!found.ok) at(['maps', i, 'path'], `file "${m.path}" ${found.missing ? 'not found in the content folder' : found.reason}`);
  });
  if (config.theme) {
    const contrast = contrastOnWhite(config.theme.primaryColor);
    if (contrast < 4.5)
      at(['theme', 'primaryColor'], `${config.theme.primaryColor} on white has a contrast ratio of ${contrast.toFixed(2)}:1; links and buttons need at least 4.5:1 (WCAG AA): choose a darker colour`);
    const logo = config.theme.logo && resolveInside(root, config.theme.logo);
    if (logo && !logo.ok) at(['theme', 'logo'], `file "${config.theme.logo}" ${logo.missing ? 'not found in the content folder' : logo.reason}`);
  }
  const checks: Partial<Portal> = { ...config, sectors, maps, licenses, defaultLanguage: languages?.[0] };
  return { portal: full ? { ...full, sectors, defaultLanguage: full.languages[0]! } : undefined, checks };
}

function knownLicenseIds(): string[] {
  return KNOWN_LICENSES.map((l) => l.id);
}

function licenseHint(id: string, extra: readonly LicenseInfo[]): string {
  const suggestion = suggestLicense(id, extra, closest);
  return suggestion ? `did you mean \`license: ${suggestion}\`?` : `known ids: ${[...extra.map((l) => l.id), ...knownLicenseIds()].join(', ')}; or declare it under licenses: in portal.yaml`;
}

function listDir(root: string, dir: string): string[] {
  const abs = join(root, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs).filter((n) => !n.startsWith('.')).sort();
}

function loadPublishers(root: string, portal: Partial<Portal> | undefined, issues: ContentIssue[]): { publishers: Map<string, PublisherEntry>; ids: Set<string> } {
  const publishers = new Map<string, PublisherEntry>();
  // Ids of every publisher file, valid or not: a dataset naming a broken publisher file gets no second error.
  const ids = new Set<string>();
  for (const name of listDir(root, 'publishers')) {
    const file = `publishers/${name}`;
    if (!/\.ya?ml$/.test(name)) {
      issues.push({ file, message: 'only .yaml files belong in publishers/' });
      continue;
    }
    const id = name.replace(/\.ya?ml$/, '');
    ids.add(id);
    if (!SLUG.test(id)) issues.push({ file, message: `the file name "${id}" is the publisher id and must be lower-case letters, digits and "-"` });
    const source = loadYaml(root, file, issues);
    if (!source) continue;
    const config = parseWith(publisherSchema, source, issues);
    if (!config) continue;
    if (portal?.languages) checkLanguages(source, [[['name'], config.name], [['description'], config.description]], portal.languages, issues);
    const logo = config.logo && resolveInside(root, config.logo);
    if (logo && !logo.ok) issues.push({ file, field: 'logo', line: source.lineOf(['logo']), message: `file "${config.logo}" ${logo.missing ? 'not found in the content folder' : logo.reason}` });
    publishers.set(id, { ...config, id });
  }
  return { publishers, ids };
}

function loadTableSchema(absPath: string, file: string, issues: ContentIssue[], notices: ContentIssue[]): TableSchema | undefined {
  const text = readText(absPath, file, issues);
  if (text === undefined) return undefined;
  const source = parseJson(text, file, issues);
  if (!source) return undefined;
  const { schema, errors, warnings } = checkTableSchema(source.data);
  const segments = (path: string) =>
    path
      .split(/[.[\]]+/)
      .filter(Boolean)
      .map((seg) => (/^\d+$/.test(seg) ? Number(seg) : seg));
  for (const err of errors) issues.push({ file, field: err.path || undefined, line: source.lineOf(segments(err.path)), message: err.message, code: 'schema-error' });
  for (const w of warnings) notices.push({ file, field: w.path || undefined, line: source.lineOf(segments(w.path)), message: w.message });
  return errors.length === 0 ? schema : undefined;
}

// The content folder's real path, resolved once per load (loadContent) for its thousands of file
// checks instead of once per file: undefined outside a load, or when it cannot be resolved (each
// check then resolves it, and reports the problem).
let realRoots: Map<string, string | undefined> | undefined;
function realRootOf(root: string): string | undefined {
  if (!realRoots) return undefined;
  if (!realRoots.has(root)) {
    try {
      realRoots.set(root, realpathSync.native(root));
    } catch {
      realRoots.set(root, undefined);
    }
  }
  return realRoots.get(root);
}

function loadDataset(
  root: string,
  slug: string,
  portal: Partial<Portal> | undefined,
  publisherIds: Set<string>,
  issues: ContentIssue[],
  notices: ContentIssue[],
): { dataset?: LoadedDataset; resources: LoadedResource[]; tables?: LoadedResource[] } {
  const dir = `datasets/${slug}`;
  const file = `${dir}/dataset.yaml`;
  if (!statSync(join(root, dir)).isDirectory()) {
    issues.push({ file: dir, message: 'only folders (one per dataset) belong in datasets/' });
    return { resources: [] };
  }
  if (!SLUG.test(slug)) issues.push({ file: dir, message: `the folder name "${slug}" is the dataset's address (/datasets/${slug}/) and must be lower-case letters, digits and "-"` });
  if (!existsSync(join(root, file))) {
    const other = listDir(root, dir).find((n) => /^dataset\.(yml|json)$|^datas?et\.ya?ml$/i.test(n));
    issues.push({ file, message: 'file not found: every dataset folder needs a dataset.yaml', hint: other ? `rename "${other}" to "dataset.yaml"` : undefined });
    return { resources: [] };
  }
  const source = loadYaml(root, file, issues);
  if (!source) return { resources: [] };
  const { full, partial: config, index } = parseLenient(datasetSchema, source, issues);
  if (!config) return { resources: [] };
  const at = (path: PathSegment[], message: string, hint?: string) => {
    const field = path.reduce<string>((acc, seg) => (typeof seg === 'number' ? `${acc}[${seg}]` : acc ? `${acc}.${seg}` : seg), '');
    issues.push({ file, field, line: source.lineOf(path), message, hint });
  };
  const configResources = config.resources ?? [];
  const charts = config.charts ?? [];

  if (portal?.sectors && config.sector !== undefined) {
    const sectorIds = portal.sectors.map((s) => s.id);
    if (!sectorIds.includes(config.sector)) at(['sector'], `"${config.sector}" is not one of ${sectorIds.join(', ')}`, didYouMean(config.sector, sectorIds, (c) => `\`sector: ${c}\``));
  }
  if (portal?.languages) {
    checkLanguages(
      source,
      [
        [['title'], config.title],
        [['description'], config.description],
        [['spatial'], config.spatial],
        [['attribution'], config.attribution],
        [['source', 'title'], config.source?.title],
        ...configResources.flatMap((r, i): [PathSegment[], LocalizedText | undefined][] => [
          [['resources', index('resources', i), 'title'], r.title],
          [['resources', index('resources', i), 'description'], r.description],
          ...Object.entries(r.fields ?? {}).flatMap(([name, f]): [PathSegment[], LocalizedText | undefined][] => [
            [['resources', index('resources', i), 'fields', name, 'unit'], f.unit],
            ...Object.entries(f.labels ?? {}).map(([v, l]): [PathSegment[], LocalizedText | undefined] => [['resources', index('resources', i), 'fields', name, 'labels', v], l]),
          ]),
        ]),
        ...charts.map((c, i): [PathSegment[], LocalizedText | undefined] => [['charts', index('charts', i), 'title'], c.title]),
      ],
      portal.languages,
      issues,
    );
  }
  if (config.publisher !== undefined && !publisherIds.has(config.publisher))
    at(['publisher'], `"${config.publisher}" is not a publisher: no file publishers/${config.publisher}.yaml`, didYouMean(config.publisher, publisherIds, (c) => `\`publisher: ${c}\``));
  const licenseId = config.license ?? portal?.license ?? '';
  const license = findLicense(licenseId, portal?.licenses);
  if (!license && config.license) at(['license'], `"${config.license}" is not a known licence id`, licenseHint(config.license, portal?.licenses ?? []));
  for (const key of ['updated', 'created'] as const) {
    const value = config[key];
    if (value !== undefined && !isCalendarDate(value)) at([key], `${value} is not a date of the calendar`);
  }
  for (const key of ['start', 'end'] as const) {
    const value = config.temporal?.[key];
    if (value !== undefined && !isCalendarDate(value)) at(['temporal', key], `${value} is not a date of the calendar`);
  }
  if (config.temporal?.start && config.temporal.end && config.temporal.start > config.temporal.end) at(['temporal', 'end'], `${config.temporal.end} is before the start ${config.temporal.start}`);

  const resources: LoadedResource[] = [];
  const names = new Set<string>();
  configResources.forEach((r, j) => {
    const i = index('resources', j);
    if (names.has(r.name)) at(['resources', i, 'name'], `"${r.name}" is used by another resource of this dataset; names must be unique`);
    names.add(r.name);
    if (r.url !== undefined || r.path === undefined) {
      const link = loadLink(r, dir, (segments, message) => at(['resources', i, ...segments], message));
      if (link) resources.push(link);
      return;
    }
    // The real file, checked once here with the same rule the build's copy applies again:
    // never outside the content folder, whatever symlinks or path spellings say.
    const found = resolveInside(join(root, dir), r.path, root, realRootOf(root));
    const absPath = found.ok ? found.real : resolve(root, dir, r.path);
    let bytes = 0;
    if (!found.ok) {
      if (found.missing) at(['resources', i, 'path'], `file "${r.path}" not found in ${dir}/`, didYouMean(r.path, listDir(root, dir)));
      else at(['resources', i, 'path'], `file "${r.path}" ${found.reason}`);
    } else {
      bytes = statSync(absPath).size;
      if (bytes === 0) issues.push({ file: posix.join(dir, r.path), message: 'the file is empty', code: 'source-error' });
    }
    const fmt = formatOf(r.path, r.format);
    let tableSchema: TableSchema | undefined;
    let schemaAbsPath: string | undefined;
    const schemaFile = r.schema ? posix.join(dir, r.schema) : undefined;
    if (r.schema && schemaFile) {
      const schemaFound = resolveInside(join(root, dir), r.schema, root, realRootOf(root));
      if (!schemaFound.ok && schemaFound.missing) at(['resources', i, 'schema'], `file "${r.schema}" not found in ${dir}/`, didYouMean(r.schema, listDir(root, dir)));
      else if (!schemaFound.ok) at(['resources', i, 'schema'], `file "${r.schema}" ${schemaFound.reason}`);
      else {
        schemaAbsPath = schemaFound.real;
        tableSchema = loadTableSchema(schemaFound.real, schemaFile, issues, notices);
      }
      if (!fmt.tabular) at(['resources', i, 'schema'], `"${r.path}" is not a CSV or TSV file; only tabular files can be checked against a Table Schema`);
    }
    // Earlier versions are kept as they were published: only their presence is checked, not their rows.
    const versions: ResourceVersion[] = [];
    (r.versions ?? []).forEach((v, k) => {
      const versionFound = resolveInside(join(root, dir), v.path, root, realRootOf(root));
      if (!versionFound.ok) at(['resources', i, 'versions', k, 'path'], `file "${v.path}" ${versionFound.missing ? `not found in ${dir}/` : versionFound.reason}`);
      else versions.push({ path: v.path, absPath: versionFound.real, replaced: v.replaced, sha256: v.sha256, bytes: statSync(versionFound.real).size });
    });
    resources.push({
      name: r.name,
      path: r.path,
      file: posix.join(dir, r.path),
      absPath,
      title: r.title,
      description: r.description,
      format: fmt.format,
      mediaType: fmt.mediaType,
      tabular: fmt.tabular,
      bytes,
      schemaPath: r.schema,
      schemaFile,
      schemaAbsPath,
      tableSchema,
      dialect: r.dialect,
      versions,
    });
  });

  const byName = new Map(resources.map((r) => [r.name, r]));
  const fieldsOf = (name: string | undefined) => {
    const res = name ? byName.get(name) : resources.find((r) => r.tableSchema);
    return res?.tableSchema ? res.tableSchema.fields.map((f) => f.name) : undefined;
  };
  const live = config.live;
  let reporters: LoadedReporters | undefined;
  if (live) {
    const res = byName.get(live.resource);
    if (!res) at(['live', 'resource'], `"${live.resource}" is not a resource of this dataset`, didYouMean(live.resource, byName.keys()));
    else if (!res.schemaPath) at(['live', 'resource'], `resource "${res.name}" needs a Table Schema (schema:) to accept pushed rows`);
    const fields = fieldsOf(live.resource);
    const key = live.key ?? [];
    if (res && fields) {
      key.forEach((k, j) => {
        if (!fields.includes(k)) at(['live', 'key', j], `"${k}" is not a field of resource "${live.resource}"`, didYouMean(k, fields));
      });
      if (live.reporter && !fields.includes(live.reporter)) at(['live', 'reporter'], `"${live.reporter}" is not a field of resource "${live.resource}"`, didYouMean(live.reporter, fields));
      if (key.length === 0 && (res.tableSchema?.primaryKey ?? []).length === 0)
        at(['live'], `resource "${live.resource}" has no primaryKey in its Table Schema; list the fields that identify a row in live.key`);
    }
    if (fields && res?.tableSchema) {
      const typeOf = (name: string) => res.tableSchema!.fields.find((f) => f.name === name)?.type;
      const comparable = (t: string | undefined) => (t === 'integer' || t === 'number' ? 'number' : t === 'date' || t === 'datetime' || t === 'string' ? t : undefined);
      (live.rules ?? []).forEach((text, j) => {
        const rule = parseRule(text);
        if (!rule) return;
        for (const name of [rule.left, ...(typeof rule.right === 'string' ? [rule.right] : [])]) {
          if (!fields.includes(name)) at(['live', 'rules', j], `"${name}" is not a field of resource "${live.resource}"`, didYouMean(name, fields));
        }
        const left = comparable(typeOf(rule.left));
        const right = typeof rule.right === 'number' ? 'number' : comparable(typeOf(rule.right));
        if (fields.includes(rule.left) && (typeof rule.right === 'number' || fields.includes(rule.right)) && (!left || left !== right)) {
          at(['live', 'rules', j], `"${text}" compares values that cannot be compared (${typeOf(rule.left)} and ${typeof rule.right === 'number' ? 'a number' : typeOf(rule.right)}): compare numbers with numbers, dates with dates`);
        }
      });
    }
    if (live.jump) {
      if (!live.reporter) at(['live', 'jump'], "jumps are judged against the reporter's previous value: `jump` needs `reporter`");
      const schemaFields = res?.tableSchema?.fields ?? [];
      if (res?.tableSchema && !schemaFields.some((f) => f.type === 'date')) at(['live', 'jump'], `resource "${live.resource}" has no date field: jumps are judged against the previous date's value`);
      (live.jump.fields ?? []).forEach((name, j) => {
        const f = schemaFields.find((x) => x.name === name);
        if (fields && !f) at(['live', 'jump', 'fields', j], `"${name}" is not a field of resource "${live.resource}"`, didYouMean(name, fields));
        else if (f && f.type !== 'integer' && f.type !== 'number') at(['live', 'jump', 'fields', j], `"${name}" is a ${f.type} field: only integer and number fields can jump`);
      });
    }
    if (live.policy && !live.reporter) at(['live', 'policy'], 'a policy for missing reports needs `reporter`: the field of the rows that names the reporter');
    if (live.reporters) {
      if (!live.reporter) at(['live', 'reporters'], 'a reporters file needs `reporter`: the field of the rows that names the reporter');
      reporters = loadReporters(root, dir, live.reporters, issues, (message, hint) => at(['live', 'reporters'], message, hint));
    }
  }
  configResources.forEach((r, j) => {
    const fields = byName.get(r.name)?.tableSchema?.fields.map((f) => f.name);
    for (const name of Object.keys(r.fields ?? {})) {
      const path: PathSegment[] = ['resources', index('resources', j), 'fields', name];
      if (!fields) at(path, `resource "${r.name}" has no Table Schema: field display settings need one`);
      else if (!fields.includes(name)) at(path, `"${name}" is not a field of resource "${r.name}"`, didYouMean(name, fields));
    }
  });
  charts.forEach((chart, j) => {
    const i = index('charts', j);
    if (chart.resource && !byName.has(chart.resource)) {
      at(['charts', i, 'resource'], `"${chart.resource}" is not a resource of this dataset`, didYouMean(chart.resource, byName.keys()));
      return;
    }
    if (chart.resource && byName.get(chart.resource)?.url) {
      at(['charts', i, 'resource'], `"${chart.resource}" is a link (url:), never read by the build: a chart draws from a file of the dataset folder (path:)`);
      return;
    }
    if (chart.type === 'map') {
      const layers = portal?.maps?.map((m) => m.id) ?? [];
      if (!chart.layer) at(['charts', i], `a map chart needs a layer, one of the portal's maps: ${layers.join(', ') || '(none declared in portal.yaml)'}`);
      else if (portal && !layers.includes(chart.layer)) at(['charts', i, 'layer'], `"${chart.layer}" is not a map layer of the portal (${layers.join(', ') || 'none declared in portal.yaml'})`, didYouMean(chart.layer, layers));
    }
    const fields = fieldsOf(chart.resource);
    if (!fields) return;
    const check = (path: PathSegment[], value: string | undefined) => {
      if (value !== undefined && !fields.includes(value)) at(path, `"${value}" is not a field of the chart's resource`, didYouMean(value, fields));
    };
    check(['charts', i, 'x'], chart.x);
    check(['charts', i, 'series'], chart.series);
    check(['charts', i, 'key'], chart.key);
    chart.y?.forEach((y, k) => check(['charts', i, 'y', k], y));
    Object.keys(chart.filter ?? {}).forEach((f) => check(['charts', i, 'filter', f], f));
  });

  // The reporters CSV is checked with the data files, as a table of its own.
  const tables = reporters?.kind === 'csv' ? [reporters.table] : [];
  if (!full) return { resources, tables };
  return {
    dataset: { slug, file, dir, config: full, license: license ?? { id: licenseId, title: licenseId, url: '' }, resources, reporters },
    resources,
    tables,
  };
}

/**
 * The reporters file of a live dataset: a CSV, checked later like any data file against
 * REPORTERS_TABLE_SCHEMA, or a YAML file checked here (fields with their line, duplicate ids).
 */
function loadReporters(root: string, dir: string, path: string, issues: ContentIssue[], at: (message: string, hint?: string) => void): LoadedReporters | undefined {
  const found = resolveInside(join(root, dir), path, root, realRootOf(root));
  if (!found.ok) {
    if (found.missing) at(`file "${path}" not found in ${dir}/`, didYouMean(path, listDir(root, dir)));
    else at(`file "${path}" ${found.reason}`);
    return undefined;
  }
  const file = posix.join(dir, path);
  const fmt = formatOf(path, undefined);
  if (fmt.format === 'csv') {
    const { schema } = checkTableSchema(REPORTERS_TABLE_SCHEMA);
    const bytes = statSync(found.real).size;
    if (bytes === 0) issues.push({ file, message: 'the file is empty: list one reporter per line under the header id,name,territory,contact,periods', code: 'source-error' });
    const table: LoadedResource = { name: 'reporters', path, file, absPath: found.real, format: 'csv', mediaType: fmt.mediaType, tabular: true, bytes, tableSchema: schema };
    return { file, kind: 'csv', table };
  }
  if (!/\.ya?ml$/i.test(path)) {
    at(`"${path}" must be a CSV file (id,name,territory,contact,periods) or a YAML file (reporters: [...])`);
    return undefined;
  }
  const source = loadYaml(root, file, issues);
  const parsed = source && parseWith(reportersFileSchema, source, issues);
  if (!source || !parsed) return undefined;
  const seen = new Map<string, number>();
  parsed.reporters.forEach((r, i) => {
    const id = String(r.id);
    if (seen.has(id)) issues.push({ file, field: `reporters[${i}].id`, line: source.lineOf(['reporters', i, 'id']), message: `"${id}" is already the id of reporters[${seen.get(id)}]; ids must be unique` });
    else seen.set(id, i);
  });
  return { file, kind: 'yaml', entries: parsed.reporters.map((r) => ({ ...r, id: String(r.id) })) };
}

/** WCAG 2 contrast ratio of a #rrggbb colour against white. */
export function contrastOnWhite(hex: string): number {
  const channel = (i: number) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  return 1.05 / (luminance + 0.05);
}

/** 2021-02-30 matches YYYY-MM-DD but is no day of the calendar. */
function isCalendarDate(iso: string): boolean {
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso;
}

/**
 * Read and check every metadata file of a content folder. Data rows are not read
 * here (see validate.ts): the site build needs only metadata, and reading it is fast.
 * Returns a catalog whenever portal.yaml itself is usable, and every issue found.
 */
/**
 * Load a content folder. With `unchangedFrom` (another content folder), `root` holds only some
 * dataset folders (a staged change, src/publish/content.ts): every other dataset is read from
 * `unchangedFrom`, as if its folder were in `root`, so that staging a write into one dataset of a
 * 10,000-dataset portal does not link and remove 10,000 folders.
 */
export function loadContent(root: string, unchangedFrom?: string): LoadResult {
  realRoots = new Map();
  try {
    return loadContentOnce(root, unchangedFrom);
  } finally {
    realRoots = undefined;
  }
}

/**
 * Load datasets of a content folder ahead of another process's load of it, and hand them over
 * (src/content/load-handoff.ts): part `part` of `parts` of the datasets, from its last one to its
 * first, until the other process has got there. Only datasets that load without an error are
 * handed over (the other process finds and words errors itself). The number handed over.
 */
export function preloadDatasets(root: string, files: HandoffFiles, part: number, parts: number): number {
  let writer: HandoffWriter;
  try {
    writer = new HandoffWriter(files);
  } catch {
    return 0; // the load is over already: its hand-off files are gone
  }
  realRoots = new Map();
  try {
    const issues: ContentIssue[] = [];
    const { checks } = loadPortal(root, issues);
    const { ids: publisherIds } = loadPublishers(root, checks, issues);
    // The loading process's context, computed the same way: its entries' keys start with it.
    const cache = new LoadCache({ checks: checks ?? null, publishers: [...publisherIds].sort() }, undefined, true);
    const slugs = listDir(root, 'datasets');
    const size = Math.ceil(slugs.length / parts);
    let handed = 0;
    for (let i = Math.min(slugs.length, (part + 1) * size) - 1; i >= part * size && i >= writer.reached(); i--) {
      const slug = slugs[i]!;
      const startedAt = Date.now();
      const found: ContentIssue[] = [];
      const notices: ContentIssue[] = [];
      const result = loadDataset(root, slug, checks, publisherIds, found, notices);
      if (found.length > 0) continue;
      const entry = cache.handOver(root, `datasets/${slug}`, { ...result, notices }, startedAt);
      if (entry === undefined) continue;
      writer.put(`datasets/${slug}`, entry);
      handed++;
    }
    return handed;
  } finally {
    writer.close();
    realRoots = undefined;
  }
}

function loadContentOnce(root: string, unchangedFrom?: string): LoadResult {
  const issues: ContentIssue[] = [];
  const notices: ContentIssue[] = [];
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    return { tables: [], notices, issues: [{ file: root, message: 'content folder not found (set PORTAL_CONTENT to the folder holding portal.yaml)' }] };
  }
  const { portal, checks } = loadPortal(root, issues);
  const { publishers, ids: publisherIds } = loadPublishers(root, checks, issues);
  const datasets: LoadedDataset[] = [];
  const tables: LoadResult['tables'] = [];
  const slugs = unchangedFrom ? [...new Set([...listDir(root, 'datasets'), ...listDir(unchangedFrom, 'datasets')])].sort() : listDir(root, 'datasets');
  // Datasets whose files did not change since a load found them valid are taken from the cache
  // (src/content/load-cache.ts), with the notices they gave; a real load gives the same values.
  const cache = new LoadCache({ checks: checks ?? null, publishers: [...publisherIds].sort() });
  for (const slug of slugs) {
    const from = unchangedFrom && !existsSync(join(root, 'datasets', slug)) ? unchangedFrom : root;
    const dir = `datasets/${slug}`;
    let loaded = cache.get(from, dir);
    if (loaded) notices.push(...loaded.notices);
    else {
      const startedAt = Date.now();
      const [issuesBefore, noticesBefore] = [issues.length, notices.length];
      const result = loadDataset(from, slug, checks, publisherIds, issues, notices);
      loaded = { ...result, notices: notices.slice(noticesBefore) };
      cache.put(from, dir, loaded, startedAt, issues.length === issuesBefore);
    }
    const { dataset, resources, tables: extra } = loaded;
    if (dataset) datasets.push(dataset);
    tables.push({ dataset: slug, resources });
    if (extra?.length) tables.push({ dataset: slug, resources: extra });
  }
  cache.save();
  const dashboards = loadDashboards(root, { languages: checks?.languages, maps: checks?.maps ?? [], datasets, slugs: new Set(slugs) }, issues);
  return { catalog: portal ? { root: resolve(root), portal, publishers, datasets, dashboards } : undefined, languages: checks?.languages, tables, issues, notices };
}
