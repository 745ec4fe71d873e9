// Read dashboards/<id>.yaml files and check them against the catalog: every dataset, resource,
// column, map layer and population table they name must exist and fit. Data rows are not read
// here (see check-data.ts): the catalog loads fast and validation reads the rows once.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { dashboardSchema, type IndicatorConfig } from '../config/dashboard.ts';
import type { LocalizedText } from '../config/localized.ts';
import type { PortalConfig } from '../config/portal.ts';
import { didYouMean } from '../content/hints.ts';
import type { ContentIssue } from '../content/issues.ts';
import type { LoadedDataset } from '../content/load.ts';
import { languagesOf } from '../content/localize.ts';
import { parseLenient } from '../content/parse-lenient.ts';
import { fieldPath, parseYaml, readText, type PathSegment } from '../content/source-file.ts';
import { patternProblem } from './codes.ts';
import { needsDates, stepName } from './transforms.ts';
import type { LoadedDashboard } from './types.ts';

const ID = /^[a-z0-9][a-z0-9-]*$/;
const NUMERIC = new Set(['number', 'integer']);

interface Context {
  languages?: string[];
  maps: PortalConfig['maps'];
  /** Every dataset folder with a readable dataset.yaml, valid or not. */
  datasets: readonly LoadedDataset[];
  /** Slugs of every dataset folder, so a dataset with errors of its own gets no second error here. */
  slugs: ReadonlySet<string>;
}

export function loadDashboards(root: string, ctx: Context, issues: ContentIssue[]): LoadedDashboard[] {
  const dir = join(root, 'dashboards');
  if (!existsSync(dir)) return [];
  const out: LoadedDashboard[] = [];
  for (const name of readdirSync(dir)
    .filter((n) => !n.startsWith('.'))
    .sort()) {
    const file = `dashboards/${name}`;
    if (!/\.ya?ml$/.test(name)) {
      issues.push({ file, message: 'only .yaml files belong in dashboards/ (one file per dashboard)' });
      continue;
    }
    const id = name.replace(/\.ya?ml$/, '');
    if (!ID.test(id)) issues.push({ file, message: `the file name "${id}" is the dashboard's address (/dashboards/${id}/) and must be lower-case letters, digits and "-"` });
    const text = readText(join(root, file), file, issues);
    const source = text === undefined ? undefined : parseYaml(text, file, issues);
    if (!source) continue;
    const before = issues.length;
    const { full, partial, index } = parseLenient(dashboardSchema, source, issues);
    if (!partial) continue;
    const at = (path: PathSegment[], message: string, hint?: string) => issues.push({ file, field: fieldPath(path), line: source.lineOf(path), message, hint });
    const texts: [PathSegment[], LocalizedText | undefined][] = [
      [['title'], partial.title],
      [['description'], partial.description],
    ];
    const layers = ctx.maps.map((m) => m.id);
    const layer = partial.layer;
    if (layer !== undefined && !layers.includes(layer))
      at(
        ['layer'],
        `"${layer}" is not a map layer of the portal (${layers.join(', ') || 'none declared in portal.yaml maps:'})`,
        didYouMean(layer, layers, (c) => `\`layer: ${c}\``),
      );
    const pop = partial.population;
    if (pop)
      checkTable(
        ['population'],
        pop.dataset,
        pop.resource,
        [
          ['territory', pop.territory],
          ['value', pop.value],
        ],
        ctx,
        at,
        (t) => (NUMERIC.has(t[pop.value] ?? '') ? undefined : 'value'),
      );
    if (pop?.codes?.pattern) {
      const problem = patternProblem(pop.codes.pattern);
      if (problem) at(['population', 'codes', 'pattern'], problem);
    }
    const ids = new Set<string>();
    const indicators: IndicatorConfig[] = [];
    const paths: Record<string, PathSegment[]> = {};
    (partial.sections ?? []).forEach((section, j) => {
      const s = index('sections', j);
      texts.push([['sections', s, 'title'], section.title]);
      section.indicators.forEach((ind, k) => {
        const path: PathSegment[] = ['sections', s, 'indicators', k];
        texts.push([[...path, 'title'], ind.title], [[...path, 'description'], ind.description], [[...path, 'unit'], ind.unit]);
        if (ids.has(ind.id)) at([...path, 'id'], `"${ind.id}" is the id of another indicator of this dashboard; ids must be unique`);
        ids.add(ind.id);
        indicators.push(ind);
        paths[ind.id] = path;
        checkIndicator(path, ind, { ...ctx, layer, population: !!pop }, at);
      });
    });
    if (ctx.languages) {
      for (const [path, value] of texts) {
        for (const lang of languagesOf(value)) {
          if (!ctx.languages.includes(lang)) at([...path, lang], `"${lang}" is not one of the portal's languages (${ctx.languages.join(', ')})`, didYouMean(lang, ctx.languages));
        }
      }
    }
    if (full && issues.length === before) out.push({ id, file, config: full, indicators, source, paths });
  }
  return out;
}

type At = (path: PathSegment[], message: string, hint?: string) => void;
type Types = Record<string, string>;

/** Check that a dataset, its resource and the named columns exist; returns the column types when they do. */
function checkTable(
  path: PathSegment[],
  slug: string,
  resourceName: string | undefined,
  columns: [string, string | undefined][],
  ctx: Context,
  at: At,
  badType?: (types: Types) => string | undefined,
): Types | undefined {
  const dataset = ctx.datasets.find((d) => d.slug === slug);
  if (!dataset) {
    if (!ctx.slugs.has(slug))
      at(
        [...path, 'dataset'],
        `"${slug}" is not a dataset: no folder datasets/${slug}/`,
        didYouMean(slug, ctx.slugs, (c) => `\`dataset: ${c}\``),
      );
    return undefined;
  }
  const resource = resourceName ? dataset.resources.find((r) => r.name === resourceName) : dataset.resources.find((r) => r.tableSchema);
  if (!resource) {
    if (resourceName)
      at(
        [...path, 'resource'],
        `"${resourceName}" is not a resource of dataset "${slug}"`,
        didYouMean(
          resourceName,
          dataset.resources.map((r) => r.name),
        ),
      );
    else at([...path, 'dataset'], `dataset "${slug}" has no data file with a Table Schema to compute figures from`);
    return undefined;
  }
  if (!resource.tableSchema || !resource.tabular) {
    at([...path, resourceName ? 'resource' : 'dataset'], `resource "${resource.name}" of "${slug}" needs a Table Schema (schema:) and a CSV file to compute figures from`);
    return undefined;
  }
  const types: Types = Object.fromEntries(resource.tableSchema.fields.map((f) => [f.name, f.type]));
  const names = Object.keys(types);
  let ok = true;
  for (const [key, column] of columns) {
    if (column !== undefined && !(column in types)) {
      ok = false;
      at([...path, key], `"${column}" is not a column of ${slug}/${resource.path}`, didYouMean(column, names));
    }
  }
  if (ok && badType) {
    const key = badType(types);
    const column = columns.find(([k]) => k === key)?.[1];
    if (key && column) at([...path, key], `column "${column}" is of type ${types[column]}; it must be a number (number or integer in the Table Schema)`);
  }
  return ok ? types : undefined;
}

function checkIndicator(path: PathSegment[], ind: IndicatorConfig, ctx: Context & { layer?: string; population: boolean }, at: At) {
  const types = checkTable(
    path,
    ind.dataset,
    ind.resource,
    [['value', ind.value], ['date', ind.date], ['territory', ind.territory], ['share', ind.share], ...Object.keys(ind.filter ?? {}).map((f): [string, string] => [`filter.${f}`, f])],
    ctx,
    at,
  );
  if (ind.value === undefined && ind.aggregate !== 'count') at([...path], 'needs a value column (value:), or `aggregate: count` to count rows');
  if (ind.share !== undefined && ind.aggregate !== 'sum') at([...path, 'aggregate'], `a share (share: ${ind.share}) adds up values and totals: leave out aggregate or write \`aggregate: sum\``);
  if (types) {
    if (ind.value !== undefined && ind.aggregate !== 'count' && !NUMERIC.has(types[ind.value]!))
      at([...path, 'value'], `column "${ind.value}" is of type ${types[ind.value]}; figures need a number (number or integer in the Table Schema), or \`aggregate: count\` to count rows`);
    if (ind.share !== undefined && !NUMERIC.has(types[ind.share]!)) at([...path, 'share'], `column "${ind.share}" is of type ${types[ind.share]}; a total must be a number`);
    if (ind.date !== undefined && types[ind.date] !== 'date' && types[ind.date] !== 'datetime')
      at([...path, 'date'], `column "${ind.date}" is of type ${types[ind.date]}; the date column must be of type date (YYYY-MM-DD) in the Table Schema`);
  }
  ind.transform.forEach((step, i) => {
    if (ind.date === undefined && needsDates(step)) at([...path, 'transform', i], `${stepName(step)} works on a series of days: the indicator needs a date column (date:)`);
    if (step === 'per-100k' && !ctx.population) at([...path, 'transform', i], 'per-100k needs a population table: add `population:` to the dashboard (dataset, territory and value columns)');
  });
  if (ind.territory !== undefined && !ctx.layer) at([...path, 'territory'], 'a territory column needs a map layer: add `layer:` (one of portal.yaml maps:) to the dashboard');
  if (ind.codes && ind.territory === undefined) at([...path, 'codes'], 'codes: says how territory codes map to the layer, but the indicator has no territory column');
  if (ind.codes?.pattern) {
    const problem = patternProblem(ind.codes.pattern);
    if (problem) at([...path, 'codes', 'pattern'], problem);
  }
  const dataset = ctx.datasets.find((d) => d.slug === ind.dataset);
  const live = dataset?.config.live;
  const reports = live?.reporter && (ind.resource ?? dataset?.resources.find((r) => r.tableSchema)?.name) === live.resource;
  if (reports && ind.policy === undefined)
    at(
      [...path],
      `dataset "${ind.dataset}" is live: its ${live!.reporter} rows arrive one by one, so a day can be incomplete. Say how to add it up: \`policy: complete-periods-only\` or \`policy: {carry-forward: 2}\``,
    );
  if (!reports && ind.policy !== undefined && dataset)
    at([...path, 'policy'], `policy: applies only to a live dataset with a reporter column (live.reporter in dataset.yaml); "${ind.dataset}" has none`);
}

export { fieldPath };
