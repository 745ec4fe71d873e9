import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, posix, resolve } from 'node:path';
import type { z } from 'zod';
import { datasetSchema, type DatasetConfig, type DialectConfig } from '../config/dataset.ts';
import { findLicense, type LicenseInfo } from '../config/licenses.ts';
import type { LocalizedText } from '../config/localized.ts';
import { DEFAULT_SECTORS, portalSchema, type PortalConfig } from '../config/portal.ts';
import { publisherSchema, type Publisher } from '../config/publisher.ts';
import { checkTableSchema, type TableSchema } from '../tableschema/index.ts';
import { formatOf } from './formats.ts';
import { didYouMean } from './hints.ts';
import type { ContentIssue } from './issues.ts';
import { languagesOf } from './localize.ts';
import { schemaIssues } from './schema-issues.ts';
import { parseJson, parseYaml, readText, type PathSegment, type SourceFile } from './source-file.ts';

export interface Sector {
  id: string;
  title?: LocalizedText;
  description?: LocalizedText;
}

export type Portal = Omit<PortalConfig, 'sectors'> & { sectors: Sector[]; defaultLanguage: string };
export type PublisherEntry = Publisher & { id: string };

export interface LoadedResource {
  name: string;
  /** Path relative to the dataset folder, as written in dataset.yaml (and in the download URL). */
  path: string;
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
  tableSchema?: TableSchema;
  dialect?: DialectConfig;
}

export interface LoadedDataset {
  slug: string;
  /** dataset.yaml path relative to the content folder. */
  file: string;
  dir: string;
  config: DatasetConfig;
  license: LicenseInfo;
  resources: LoadedResource[];
}

export interface Catalog {
  root: string;
  portal: Portal;
  publishers: Map<string, PublisherEntry>;
  datasets: LoadedDataset[];
}

export interface LoadResult {
  catalog?: Catalog;
  issues: ContentIssue[];
}

const SLUG = /^[a-z0-9][a-z0-9-]*$/;

function parseWith<S extends z.ZodType>(schema: S, source: SourceFile, issues: ContentIssue[]): z.output<S> | undefined {
  const result = schema.safeParse(source.data, { reportInput: true });
  if (result.success) return result.data;
  issues.push(...schemaIssues(schema, result.error.issues, source));
  return undefined;
}

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

function loadPortal(root: string, issues: ContentIssue[]): Portal | undefined {
  const source = loadYaml(root, 'portal.yaml', issues);
  if (!source) return undefined;
  const config = parseWith(portalSchema, source, issues);
  if (!config) return undefined;
  const sectors: Sector[] = config.sectors.map((s) => (typeof s === 'string' ? { id: s } : s));
  const portal: Portal = { ...config, sectors, defaultLanguage: config.languages[0]! };
  checkLanguages(
    source,
    [
      [['name'], config.name],
      [['tagline'], config.tagline],
      ...sectors.flatMap((s, i): [PathSegment[], LocalizedText | undefined][] => [
        [['sectors', i, 'title'], s.title],
        [['sectors', i, 'description'], s.description],
      ]),
      ...config.maps.map((m, i): [PathSegment[], LocalizedText | undefined] => [['maps', i, 'title'], m.title]),
    ],
    config.languages,
    issues,
  );
  const seen = new Set<string>();
  sectors.forEach((s, i) => {
    if (seen.has(s.id)) issues.push({ file: source.file, field: `sectors[${i}]`, line: source.lineOf(['sectors', i]), message: `sector "${s.id}" is listed twice` });
    seen.add(s.id);
    if (!s.title && !(DEFAULT_SECTORS as readonly string[]).includes(s.id))
      issues.push({ file: source.file, field: `sectors[${i}]`, line: source.lineOf(['sectors', i]), message: `sector "${s.id}" needs a title, e.g. {id: ${s.id}, title: {${config.languages[0]}: "…"}}` });
  });
  if (!findLicense(config.license, config.licenses))
    issues.push({ file: source.file, field: 'license', line: source.lineOf(['license']), message: `"${config.license}" is not a known licence id`, hint: didYouMean(config.license, [...config.licenses.map((l) => l.id), ...knownLicenseIds()]) });
  config.maps.forEach((m, i) => {
    if (!existsSync(join(root, m.path))) issues.push({ file: source.file, field: `maps[${i}].path`, line: source.lineOf(['maps', i, 'path']), message: `file "${m.path}" not found in the content folder` });
  });
  if (config.theme.logo && !existsSync(join(root, config.theme.logo)))
    issues.push({ file: source.file, field: 'theme.logo', line: source.lineOf(['theme', 'logo']), message: `file "${config.theme.logo}" not found in the content folder` });
  return portal;
}

function knownLicenseIds(): string[] {
  return ['etalab-2.0', 'etalab-1.0', 'ODbL-1.0', 'ODC-By-1.0', 'PDDL-1.0', 'CC0-1.0', 'CC-BY-4.0', 'CC-BY-SA-4.0', 'OGL-UK-3.0', 'dl-de-by-2.0', 'MIT', 'Apache-2.0'];
}

function listDir(root: string, dir: string): string[] {
  const abs = join(root, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs).filter((n) => !n.startsWith('.')).sort();
}

function loadPublishers(root: string, portal: Portal | undefined, issues: ContentIssue[]): Map<string, PublisherEntry> {
  const publishers = new Map<string, PublisherEntry>();
  for (const name of listDir(root, 'publishers')) {
    const file = `publishers/${name}`;
    if (!/\.ya?ml$/.test(name)) {
      issues.push({ file, message: 'only .yaml files belong in publishers/' });
      continue;
    }
    const id = name.replace(/\.ya?ml$/, '');
    if (!SLUG.test(id)) issues.push({ file, message: `the file name "${id}" is the publisher id and must be lower-case letters, digits and "-"` });
    const source = loadYaml(root, file, issues);
    if (!source) continue;
    const config = parseWith(publisherSchema, source, issues);
    if (!config) continue;
    if (portal) checkLanguages(source, [[['name'], config.name], [['description'], config.description]], portal.languages, issues);
    if (config.logo && !existsSync(join(root, config.logo))) issues.push({ file, field: 'logo', line: source.lineOf(['logo']), message: `file "${config.logo}" not found in the content folder` });
    publishers.set(id, { ...config, id });
  }
  return publishers;
}

function loadTableSchema(root: string, file: string, issues: ContentIssue[]): TableSchema | undefined {
  const text = readText(join(root, file), file, issues);
  if (text === undefined) return undefined;
  const source = parseJson(text, file, issues);
  if (!source) return undefined;
  const { schema, errors } = checkTableSchema(source.data);
  for (const err of errors) {
    const path = err.path
      .split(/[.[\]]+/)
      .filter(Boolean)
      .map((seg) => (/^\d+$/.test(seg) ? Number(seg) : seg));
    issues.push({ file, field: err.path || undefined, line: source.lineOf(path), message: err.message, code: 'schema-error' });
  }
  return errors.length === 0 ? schema : undefined;
}

function loadDataset(root: string, slug: string, portal: Portal | undefined, publishers: Map<string, PublisherEntry>, issues: ContentIssue[]): LoadedDataset | undefined {
  const dir = `datasets/${slug}`;
  const file = `${dir}/dataset.yaml`;
  if (!statSync(join(root, dir)).isDirectory()) {
    issues.push({ file: dir, message: 'only folders (one per dataset) belong in datasets/' });
    return undefined;
  }
  if (!SLUG.test(slug)) issues.push({ file: dir, message: `the folder name "${slug}" is the dataset's address (/datasets/${slug}/) and must be lower-case letters, digits and "-"` });
  if (!existsSync(join(root, file))) {
    const other = listDir(root, dir).find((n) => /^dataset\.(yml|json)$|^datas?et\.ya?ml$/i.test(n));
    issues.push({ file, message: 'file not found: every dataset folder needs a dataset.yaml', hint: other ? `rename "${other}" to "dataset.yaml"` : undefined });
    return undefined;
  }
  const source = loadYaml(root, file, issues);
  if (!source) return undefined;
  const config = parseWith(datasetSchema, source, issues);
  if (!config) return undefined;
  const at = (path: PathSegment[], field: string, message: string, hint?: string) => issues.push({ file, field, line: source.lineOf(path), message, hint });

  if (portal) {
    const sectorIds = portal.sectors.map((s) => s.id);
    if (!sectorIds.includes(config.sector)) at(['sector'], 'sector', `"${config.sector}" is not one of ${sectorIds.join(', ')}`, didYouMean(config.sector, sectorIds, (c) => `sector: ${c}`));
    checkLanguages(
      source,
      [
        [['title'], config.title],
        [['description'], config.description],
        [['spatial'], config.spatial],
        [['attribution'], config.attribution],
        [['source', 'title'], config.source?.title],
        ...config.resources.flatMap((r, i): [PathSegment[], LocalizedText | undefined][] => [
          [['resources', i, 'title'], r.title],
          [['resources', i, 'description'], r.description],
        ]),
        ...(config.charts ?? []).map((c, i): [PathSegment[], LocalizedText | undefined] => [['charts', i, 'title'], c.title]),
      ],
      portal.languages,
      issues,
    );
  }
  if (!publishers.has(config.publisher))
    at(['publisher'], 'publisher', `"${config.publisher}" is not a publisher: no file publishers/${config.publisher}.yaml`, didYouMean(config.publisher, publishers.keys(), (c) => `publisher: ${c}`));
  const licenseId = config.license ?? portal?.license ?? '';
  const license = findLicense(licenseId, portal?.licenses);
  if (!license && config.license) at(['license'], 'license', `"${config.license}" is not a known licence id`, didYouMean(config.license, [...(portal?.licenses.map((l) => l.id) ?? []), ...knownLicenseIds()], (c) => `license: ${c}`));
  if (config.temporal?.start && config.temporal.end && config.temporal.start > config.temporal.end) at(['temporal', 'end'], 'temporal.end', `${config.temporal.end} is before the start ${config.temporal.start}`);

  const resources: LoadedResource[] = [];
  const names = new Set<string>();
  config.resources.forEach((r, i) => {
    if (names.has(r.name)) at(['resources', i, 'name'], `resources[${i}].name`, `"${r.name}" is used by another resource of this dataset; names must be unique`);
    names.add(r.name);
    const absPath = resolve(root, dir, r.path);
    let bytes = 0;
    if (!existsSync(absPath) || !statSync(absPath).isFile()) {
      at(['resources', i, 'path'], `resources[${i}].path`, `file "${r.path}" not found in ${dir}/`, didYouMean(r.path, listDir(root, dir)));
    } else {
      bytes = statSync(absPath).size;
      if (bytes === 0) issues.push({ file: posix.join(dir, r.path), message: 'the file is empty', code: 'source-error' });
    }
    const fmt = formatOf(r.path, r.format);
    let tableSchema: TableSchema | undefined;
    const schemaFile = r.schema ? posix.join(dir, r.schema) : undefined;
    if (r.schema && schemaFile) {
      if (!existsSync(join(root, schemaFile))) at(['resources', i, 'schema'], `resources[${i}].schema`, `file "${r.schema}" not found in ${dir}/`, didYouMean(r.schema, listDir(root, dir)));
      else tableSchema = loadTableSchema(root, schemaFile, issues);
    }
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
      tableSchema,
      dialect: r.dialect,
    });
  });

  const byName = new Map(resources.map((r) => [r.name, r]));
  const fieldsOf = (name: string | undefined) => {
    const res = name ? byName.get(name) : resources.find((r) => r.tableSchema);
    return res?.tableSchema ? res.tableSchema.fields.map((f) => f.name) : undefined;
  };
  if (config.live) {
    const res = byName.get(config.live.resource);
    if (!res) at(['live', 'resource'], 'live.resource', `"${config.live.resource}" is not a resource of this dataset`, didYouMean(config.live.resource, byName.keys()));
    else if (!res.schemaPath) at(['live', 'resource'], 'live.resource', `resource "${res.name}" needs a Table Schema (schema:) to accept pushed rows`);
    const fields = fieldsOf(config.live.resource);
    const key = config.live.key ?? [];
    if (fields) {
      key.forEach((k, j) => {
        if (!fields.includes(k)) at(['live', 'key', j], `live.key[${j}]`, `"${k}" is not a field of resource "${config.live!.resource}"`, didYouMean(k, fields));
      });
      if (config.live.reporter && !fields.includes(config.live.reporter)) at(['live', 'reporter'], 'live.reporter', `"${config.live.reporter}" is not a field of resource "${config.live.resource}"`, didYouMean(config.live.reporter, fields));
      const pk = res?.tableSchema?.primaryKey;
      if (key.length === 0 && (pk === undefined || (Array.isArray(pk) && pk.length === 0)))
        at(['live'], 'live.key', `resource "${config.live.resource}" has no primaryKey in its Table Schema; list the fields that identify a row in live.key`);
    }
  }
  (config.charts ?? []).forEach((chart, i) => {
    if (chart.resource && !byName.has(chart.resource)) {
      at(['charts', i, 'resource'], `charts[${i}].resource`, `"${chart.resource}" is not a resource of this dataset`, didYouMean(chart.resource, byName.keys()));
      return;
    }
    const fields = fieldsOf(chart.resource);
    if (!fields) return;
    const check = (path: PathSegment[], field: string, value: string | undefined) => {
      if (value !== undefined && !fields.includes(value)) at(path, field, `"${value}" is not a field of the chart's resource`, didYouMean(value, fields));
    };
    check(['charts', i, 'x'], `charts[${i}].x`, chart.x);
    check(['charts', i, 'series'], `charts[${i}].series`, chart.series);
    check(['charts', i, 'key'], `charts[${i}].key`, chart.key);
    chart.y?.forEach((y, j) => check(['charts', i, 'y', j], `charts[${i}].y[${j}]`, y));
    Object.keys(chart.filter ?? {}).forEach((f) => check(['charts', i, 'filter', f], `charts[${i}].filter.${f}`, f));
    if (chart.type === 'map') {
      const layers = portal?.maps.map((m) => m.id) ?? [];
      if (!chart.layer) at(['charts', i], `charts[${i}].layer`, `a map chart needs a layer, one of the portal's maps: ${layers.join(', ') || '(none declared in portal.yaml)'}`);
      else if (portal && !layers.includes(chart.layer)) at(['charts', i, 'layer'], `charts[${i}].layer`, `"${chart.layer}" is not a map layer of the portal (${layers.join(', ') || 'none declared in portal.yaml'})`, didYouMean(chart.layer, layers));
    }
  });

  return {
    slug,
    file,
    dir,
    config,
    license: license ?? { id: licenseId, title: licenseId, url: '' },
    resources,
  };
}

/**
 * Read and check every metadata file of a content folder. Data rows are not read
 * here (see validate.ts): the site build needs only metadata, and reading it is fast.
 * Returns a catalog whenever portal.yaml itself is usable, and every issue found.
 */
export function loadContent(root: string): LoadResult {
  const issues: ContentIssue[] = [];
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    return { issues: [{ file: root, message: 'content folder not found (set PORTAL_CONTENT to the folder holding portal.yaml)' }] };
  }
  const portal = loadPortal(root, issues);
  const publishers = loadPublishers(root, portal, issues);
  const datasets: LoadedDataset[] = [];
  for (const slug of listDir(root, 'datasets')) {
    const ds = loadDataset(root, slug, portal, publishers, issues);
    if (ds) datasets.push(ds);
  }
  return { catalog: portal ? { root: resolve(root), portal, publishers, datasets } : undefined, issues };
}
