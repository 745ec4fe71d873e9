// `npm run new-dataset`: from one file to a dataset folder. Checks everything that can be
// checked before writing (slug, sector, publisher, the file itself), infers the Table Schema,
// writes the folder under a temporary name inside the content folder, checks the file against
// the schema with the validation code, and only then renames the folder into place: a failure
// at any step leaves the content folder as it was.

import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { loadContent } from '../content/load.ts';
import { closest } from '../lib/did-you-mean.ts';
import { relativePathProblem } from '../lib/safe-path.ts';
import { checkTableSchema, compileTableSchema, validateTable, type TableIssue } from '../tableschema/index.ts';
import { renderDatasetYaml, titleFromFileName } from './dataset-yaml.ts';
import { inferFile, type Inference } from './infer.ts';
import { openSource, SourceError } from './source.ts';

/** What a refusal is about, for a caller that words it itself (the publishing form, in the page's language). */
export type NewDatasetRefusal =
  | { kind: 'slug-taken'; slug: string; suggestion: string }
  | { kind: 'bad-slug'; slug: string; suggestion?: string }
  | { kind: 'rows'; file: string; issues: TableIssue[] };

/** A refusal worded for the person running the command; nothing has been written. */
export class NewDatasetError extends Error {
  constructor(
    message: string,
    readonly refusal?: NewDatasetRefusal,
  ) {
    super(message);
  }
}

export interface NewDatasetOptions {
  file: string;
  /** The content folder (holding portal.yaml). */
  content: string;
  slug?: string;
  sector?: string;
  publisher?: string;
  /** How messages name the file (default: `file` as given); a server names an uploaded file by its own name, not by where it put it. */
  shownName?: string;
  /** Where the file is inferred and checked (default: here, inferAndCheck); a server passes a child process's for a large upload. */
  inferAndCheck?: typeof inferAndCheck;
}

export interface NewDatasetResult {
  slug: string;
  /** The dataset folder, relative to the content folder. */
  dir: string;
  files: string[];
  inference: Inference;
  /** Rows checked against the inferred schema before the folder was put in place. */
  checkedRows: number;
}

const SLUG = /^[a-z0-9][a-z0-9-]*$/;
const SCHEMAS_DIR = resolve(import.meta.dirname, '..', '..', 'schemas');
const SHOWN_ISSUES = 20;

/** "Données Hospitalières (2020).csv" → "donnees-hospitalieres-2020". */
export function slugify(name: string): string {
  return name
    .replace(/\.[^.]+$/, '')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function freeSlug(datasets: string, slug: string): string {
  for (let i = 2; ; i++) if (!existsSync(join(datasets, `${slug}-${i}`))) return `${slug}-${i}`;
}

function unknown(kind: string, value: string, known: string[], flag: string): NewDatasetError {
  const guess = closest(value, known);
  const list = known.length ? `known ${kind}s: ${known.join(', ')}` : `this portal has no ${kind} yet`;
  return new NewDatasetError(`"${value}" is not a ${kind} of this portal${guess ? ` (did you mean ${flag} ${guess}?)` : ''}; ${list}`);
}

function describeIssue(i: TableIssue): string {
  return `${i.line !== null ? `line ${i.line}: ` : ''}${i.message}`;
}

/** Check the file against its inferred schema with the validation code; a primary key that only looked unique is dropped. */
async function checkCsv(path: string, inference: Inference): Promise<{ rows: number; issues: TableIssue[] }> {
  for (;;) {
    const issues: TableIssue[] = [];
    const summary = await validateTable({ path, dialect: inference.dialect, schema: inference.schema, onIssue: (i) => issues.push(i), maxIssuesPerCode: SHOWN_ISSUES });
    if (summary.valid) return { rows: summary.rows, issues };
    const keyOnly = Object.keys(summary.errorsByCode).every((c) => c === 'primary-key-error');
    if (!keyOnly || !inference.schema.primaryKey) return { rows: summary.rows, issues };
    inference.notes.push(
      `primaryKey (${inference.schema.primaryKey.join(', ')}) dropped: its values repeat once read as ${inference.schema.primaryKey.length > 1 ? 'their types' : 'its type'} (${describeIssue(issues[0]!)})`,
    );
    delete inference.schema.primaryKey;
  }
}

/** JSON rows are checked with the code that checks pushed rows (compileTableSchema().validateObject). */
async function checkJson(inference: Inference, rows: AsyncIterable<{ at: number; values: unknown[] }>, unit: string): Promise<{ rows: number; issues: TableIssue[] }> {
  const compiled = compileTableSchema(checkTableSchema(inference.schema).schema!);
  const names = inference.schema.fields.map((f) => f.name);
  const issues: TableIssue[] = [];
  let n = 0;
  for await (const row of rows) {
    n++;
    const obj: Record<string, unknown> = {};
    names.forEach((k, i) => (obj[k] = row.values[i] ?? null));
    for (const e of compiled.validateObject(obj).errors)
      if (issues.length < SHOWN_ISSUES) issues.push({ line: null, column: e.field, code: e.code, message: `${unit} ${row.at}: column "${e.field}": ${e.message}` });
  }
  return { rows: n, issues };
}

/** A file's inferred Table Schema and what checking the file against it found. */
export interface CheckedInference {
  inference: Inference;
  rows: number;
  issues: TableIssue[];
}

/**
 * Infer the Table Schema of a file and check the file against it with the validation code (a
 * primary key whose typed values repeat is dropped, with a note). A file that cannot be read is
 * refused (NewDatasetError); the rows' problems are returned, for the caller to refuse. A pure
 * function of the file: a server runs it in a child process for a large upload (src/publish/checks.ts).
 */
export async function inferAndCheck(path: string, shownName: string): Promise<CheckedInference> {
  const inference = await inferReadable(path, shownName);
  if (inference.format === 'csv') return { inference, ...(await checkCsv(path, inference)) };
  const src = await openSource(path);
  return { inference, ...(await checkJson(inference, src.rows(), src.unit)) };
}

/**
 * Infer the Table Schema of a CSV file and check the file against it, as `npm run new-dataset`
 * does before writing anything: a file that cannot be read, or whose rows no schema can describe
 * (ragged rows, blank rows), is refused with each problem and its line. Used by the CKAN write API
 * for a CSV uploaded without a schema (resource_create); `run`: where inferAndCheck runs.
 */
export async function inferCheckedCsv(path: string, shownName: string, run: typeof inferAndCheck = inferAndCheck): Promise<Inference> {
  const checked = await run(path, shownName);
  if (checked.issues.length > 0) throw problemsError(shownName, checked.issues);
  return checked.inference;
}

/** inferFile, a file it cannot read said as the publisher named it. */
async function inferReadable(path: string, shownName: string): Promise<Inference> {
  try {
    return await inferFile(path);
  } catch (e) {
    if (e instanceof SourceError) throw new NewDatasetError(`cannot read ${shownName}: ${e.message}`);
    throw e;
  }
}

function problemsError(base: string, issues: TableIssue[]): NewDatasetError {
  const list = issues
    .slice(0, SHOWN_ISSUES)
    .map((i) => `  ${describeIssue(i)}`)
    .join('\n');
  return new NewDatasetError(`${base} has problems that no schema can describe; correct the file, then run again:\n${list}`, { kind: 'rows', file: base, issues: issues.slice(0, SHOWN_ISSUES) });
}

export async function newDataset(opts: NewDatasetOptions): Promise<NewDatasetResult> {
  const root = resolve(opts.content);
  const file = resolve(opts.file);
  const shown = opts.shownName ?? opts.file;
  if (!existsSync(file) || !statSync(file).isFile()) throw new NewDatasetError(`file not found: ${shown}`);
  if (!existsSync(join(root, 'portal.yaml'))) throw new NewDatasetError(`${opts.content} is not a content folder (it has no portal.yaml); pass --content DIR or set PORTAL_CONTENT`);
  const { catalog } = loadContent(root);
  if (!catalog) throw new NewDatasetError(`the content folder's portal.yaml has errors; run \`npm run validate\` and fix them first`);
  const sectors = catalog.portal.sectors.map((s) => s.id);
  const publishers = existsSync(join(root, 'publishers'))
    ? readdirSync(join(root, 'publishers'))
        .filter((n) => /\.ya?ml$/.test(n))
        .map((n) => n.replace(/\.ya?ml$/, ''))
        .sort()
    : [];
  if (opts.sector !== undefined && !sectors.includes(opts.sector)) throw unknown('sector', opts.sector, sectors, '--sector');
  if (opts.publisher !== undefined && !publishers.includes(opts.publisher)) throw unknown('publisher', opts.publisher, publishers, '--publisher');

  const datasets = join(root, 'datasets');
  const base = basename(file);
  const slug = opts.slug ?? slugify(base);
  if (!SLUG.test(slug)) {
    const fixed = slugify(slug);
    throw new NewDatasetError(`"${slug}" cannot be a dataset address: use lower-case letters, digits and "-"${fixed ? ` (e.g. --slug ${fixed})` : ''}`, {
      kind: 'bad-slug',
      slug,
      suggestion: fixed || undefined,
    });
  }
  if (existsSync(join(datasets, slug))) {
    const suggestion = freeSlug(datasets, slug);
    throw new NewDatasetError(`a dataset "${slug}" already exists (datasets/${slug}/); choose another slug, e.g. --slug ${suggestion}`, { kind: 'slug-taken', slug, suggestion });
  }
  const pathProblem = relativePathProblem(base);
  if (pathProblem) throw new NewDatasetError(`the file name "${base}" ${pathProblem}; rename the file, then run again`);

  const checked = await (opts.inferAndCheck ?? inferAndCheck)(file, shown);
  const { inference } = checked;
  const name = slugify(base) || 'data';
  const schemaName = `${name}.schema.json`;
  const csv = inference.format === 'csv';

  // Written under a hidden name (loading skips names starting with "."), renamed at the end.
  const dir = join(datasets, slug);
  const createdDatasets = !existsSync(datasets);
  if (createdDatasets) mkdirSync(datasets, { recursive: true });
  const temp = mkdtempSync(join(datasets, `.new-${slug}-`));
  try {
    copyFileSync(file, join(temp, base));
    if (checked.issues.length > 0) throw problemsError(base, checked.issues);
    writeFileSync(join(temp, schemaName), `${JSON.stringify(inference.schema, null, 2)}\n`);
    const updated = statSync(file).mtime.toISOString().slice(0, 10);
    const yaml = renderDatasetYaml({
      jsonSchema: relative(dir, join(SCHEMAS_DIR, 'dataset.schema.json')).split('\\').join('/'),
      source: base,
      title: titleFromFileName(base),
      sector: opts.sector,
      sectors,
      publisher: opts.publisher,
      publishers,
      updated,
      resource: {
        name,
        path: base,
        schema: csv ? schemaName : undefined,
        dialect: inference.dialect,
        schemaNote: csv ? undefined : `${schemaName} describes the ${inference.format === 'geojson' ? 'properties of the features' : 'objects'}; the portal checks Table Schemas on CSV files only`,
      },
    });
    writeFileSync(join(temp, 'dataset.yaml'), yaml);
    if (existsSync(dir)) throw new NewDatasetError(`a dataset "${slug}" appeared while this one was written; choose another slug, e.g. --slug ${freeSlug(datasets, slug)}`);
    renameSync(temp, dir);
    return { slug, dir: `datasets/${slug}`, files: [base, schemaName, 'dataset.yaml'], inference, checkedRows: checked.rows };
  } catch (e) {
    rmSync(temp, { recursive: true, force: true });
    if (createdDatasets) rmSync(datasets, { recursive: true, force: true });
    throw e;
  }
}
