import { createHash } from 'node:crypto';
import { createReadStream, existsSync, linkSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, extname, join, posix } from 'node:path';
import { parseDocument } from 'yaml';
import { formatIssue, type ContentIssue } from '../content/issues.ts';
import { loadContent, type Catalog } from '../content/load.ts';
import { relativePathProblem } from '../lib/safe-path.ts';
import { checkTokenRecord, findPresentedToken } from '../live/tokens.ts';
import type { LiveStore, TokenRecord } from '../live/store.ts';
import type { RateLimit } from '../live/rate-limit.ts';
import { ckanFrame, ckanPackage, type CkanPackage } from '../standards/ckan.ts';
import { inferCheckedCsv, NewDatasetError, newDataset, slugify } from '../infer/new-dataset.ts';
import type { TaskRunner } from '../lib/pool.ts';
import { inferAndCheckOn, withChecks } from './checks.ts';
import { applyChange, changedDatasets, commitChange, linkTree, serialized, stageChange, workDir, type ContentChange } from './content.ts';
import type { FormBody, UploadedFile } from './upload.ts';
import { FIELD_LIMITS, type FormProblem, type PublishMessageKey } from './form-messages.ts';
import type { Field } from '../tableschema/index.ts';

/**
 * CKAN's write actions on the content folder: package_create, package_patch, resource_create,
 * resource_patch, with CKAN's request and answer shapes (ckan/logic/action/create.py and
 * update.py; the envelope of ckan/views/api.py). A dataset is a folder of the content folder;
 * CKAN's fields map to dataset.yaml's (docs/publishing.md has the table).
 */
export const WRITE_ACTIONS = ['package_create', 'package_patch', 'resource_create', 'resource_patch'] as const;
export type WriteAction = (typeof WRITE_ACTIONS)[number];

export interface WriteContext {
  /** The content folder. */
  content: string;
  store: () => Promise<LiveStore>;
  /**
   * Called after an accepted write (the rebuild queue, the publish layer), with the content as
   * checked and the datasets the write changed (undefined: it changed something else too). The
   * answer waits for it: a client reads its write at once.
   */
  written: (summary: string, change: { catalog: Catalog; datasets: ReadonlySet<string> | undefined }) => void | Promise<void>;
  /** Writes per token (PORTAL_PUBLISH_RATE_LIMIT); no limit when absent. */
  limit?: () => Promise<RateLimit>;
  now?: () => Date;
  /** The server's log (where a large upload is read, src/publish/checks.ts). */
  log?: (line: string) => void;
  /** For one write: the child process its large upload is read in (src/publish/checks.ts withChecks); none, this process. */
  checks?: TaskRunner;
}

export interface WriteAnswer {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
}

class ActionError extends Error {
  /** For the publishing form: the UI key (publish.msg.*) that words this refusal in the page's language. */
  said?: { key: PublishMessageKey; params?: Record<string, string | number> };
  /** The validation issues of a refused change, for the form to word each one. */
  issues?: ContentIssue[];
  constructor(
    readonly status: number,
    readonly error: Record<string, unknown>,
    readonly headers?: Record<string, string>,
  ) {
    super(String(error.message ?? error.__type));
  }

  saying(key: PublishMessageKey, params?: Record<string, string | number>): this {
    this.said = { key, params };
    return this;
  }
}

const denied = (message: string) => new ActionError(403, { __type: 'Authorization Error', message: `Access denied: ${message}` });
const invalid = (errors: Record<string, string[]>) => new ActionError(409, { __type: 'Validation Error', ...errors });
/** Over PORTAL_PUBLISH_RATE_LIMIT: CKAN has no such error, so it gets a type of its own in CKAN's error shape, with Retry-After. */
const tooMany = (wait: number) =>
  new ActionError(429, { __type: 'Rate Limit Error', message: `Too many writes with this token; retry in ${wait} s.`, retry_after: wait }, { 'Retry-After': String(wait) }).saying(
    'publish.msg.rateLimit',
    {
      wait,
    },
  );

/** A token's turn (PORTAL_PUBLISH_RATE_LIMIT), taken before any work. */
async function takeTurn(ctx: WriteContext, token: TokenRecord): Promise<void> {
  const wait = ctx.limit ? await (await ctx.limit()).take(token.id) : 0;
  if (wait > 0) throw tooMany(wait);
}

const notFound = (message: string) => new ActionError(404, { __type: 'Not Found Error', message: `Not found: ${message}` });

/** The token as CKAN clients send it: `Authorization: <token>` (ckanapi, CKAN's own UI), `X-CKAN-API-Key: <token>` (older clients), or `Authorization: Bearer <token>`. */
export function presentedToken(headers: Record<string, string | string[] | undefined>): string | undefined {
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.trim();
  const auth = first(headers.authorization);
  // An Authorization of another scheme (Basic, for a proxy's password in front of the portal) is not the token: X-CKAN-API-Key may still be.
  const fromAuth = auth ? (/^Bearer\s+(\S+)$/i.exec(auth)?.[1] ?? (/^\S+$/.test(auth) ? auth : undefined)) : undefined;
  return fromAuth ?? (first(headers['x-ckan-api-key']) || undefined);
}

type Params = Record<string, unknown>;
const SLUG = /^[a-z0-9][a-z0-9-]{1,99}$/;

function text(params: Params, key: string): string | undefined {
  const v = params[key];
  if (v === undefined || v === null) return undefined;
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}

/** CKAN's list fields arrive as JSON arrays, JSON text (form fields) or comma-separated words. */
function list(params: Params, key: string): unknown[] | undefined {
  let v = params[key];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'string') {
    const raw = v;
    try {
      v = JSON.parse(raw);
    } catch {
      return raw
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    }
  }
  return Array.isArray(v) ? v : [v];
}

function names(items: unknown[] | undefined): string[] | undefined {
  return items?.map((t) => (typeof t === 'object' && t !== null ? String((t as { name?: unknown }).name ?? '') : String(t))).filter(Boolean);
}

function extra(params: Params, key: string): string | undefined {
  const extras = list(params, 'extras') as { key?: string; value?: unknown }[] | undefined;
  const found = extras?.find((e) => e && typeof e === 'object' && e.key === key);
  return text(params, key) ?? (found ? String(found.value) : undefined);
}

const MAX_TAG = 100;
const MAX_TAGS = 100;

/** Every parameter over its limit, refused together (CKAN's Validation Error, one key per field). */
function checkLengths(params: Params): void {
  const errors: Record<string, string[]> = {};
  for (const [key, max] of Object.entries(FIELD_LIMITS)) {
    const value = text(params, key);
    if (value !== undefined && value.length > max) errors[key] = [`Must be at most ${max} characters long (this one has ${value.length})`];
  }
  const raw = list(params, 'tags') ?? [];
  if (raw.some((t) => typeof t !== 'string' && !(t && typeof t === 'object' && !Array.isArray(t) && typeof (t as { name?: unknown }).name === 'string')))
    errors.tags = ['Each tag must be text or {"name": text}, as package_show lists them'];
  const tags = names(raw) ?? [];
  const long = tags.filter((t) => t.length > MAX_TAG);
  if (long.length) (errors.tags ??= []).push(...long.map((t) => `Tag "${t.slice(0, 20)}…" length is more than maximum ${MAX_TAG}`));
  if (tags.length > MAX_TAGS) (errors.tags ??= []).push(`At most ${MAX_TAGS} tags (${tags.length} were sent)`);
  if (Object.keys(errors).length === 0) return;
  const error = invalid(errors);
  if (errors.title) error.saying('publish.msg.titleTooLong', { max: FIELD_LIMITS.title! });
  else if (errors.notes) error.saying('publish.msg.descriptionTooLong', { max: FIELD_LIMITS.notes! });
  throw error;
}

/** dataset.yaml fields from CKAN's package fields; only those sent. */
function datasetFields(params: Params, today: string): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  const title = text(params, 'title');
  if (title !== undefined) fields.title = title;
  const notes = text(params, 'notes');
  if (notes !== undefined) fields.description = notes;
  const license = text(params, 'license_id');
  if (license !== undefined) fields.license = license;
  const tags = names(list(params, 'tags'));
  if (tags !== undefined) fields.tags = tags;
  // Our sector is CKAN's group (package_show lists it under groups).
  const sector = extra(params, 'sector') ?? names(list(params, 'groups'))?.[0];
  if (sector !== undefined) fields.sector = sector;
  const frequency = extra(params, 'frequency');
  if (frequency !== undefined) fields.frequency = frequency;
  fields.updated = today;
  return fields;
}

/** CKAN's name for a dataset.yaml field, for the keys of a Validation Error. */
function ckanField(issue: ContentIssue): string {
  if (!issue.field) return issue.file.endsWith('dataset.yaml') ? 'dataset' : 'upload';
  if (/^resources\[\d+\]\.url$/.test(issue.field)) return 'url';
  const top = issue.field.split(/[.[]/)[0]!;
  return { description: 'notes', publisher: 'owner_org', license: 'license_id', sector: 'groups', resources: 'resources' }[top] ?? top;
}

/** Every error of a refused change, keyed by CKAN field, each message naming file, line and field. */
function refusal(issues: ContentIssue[]): ActionError {
  const errors: Record<string, string[]> = {};
  for (const issue of issues) (errors[ckanField(issue)] ??= []).push(formatIssue(issue));
  const error = invalid(errors);
  error.issues = issues;
  return error;
}

function datasetFolder(slug: string): string {
  return posix.join('datasets', slug);
}

function draftFile(root: string, slug: string): string {
  return join(workDir(root, 'drafts'), `${slug}.yaml`);
}

/** The dataset's dataset.yaml as it is now: in the content folder, or a draft (created without resources). */
function currentYaml(root: string, slug: string): { text: string; draft: boolean } | undefined {
  if (!SLUG.test(slug)) return undefined;
  const file = join(root, datasetFolder(slug), 'dataset.yaml');
  if (existsSync(file)) return { text: readFileSync(file, 'utf8'), draft: false };
  const draft = draftFile(root, slug);
  if (existsSync(draft)) return { text: readFileSync(draft, 'utf8'), draft: true };
  return undefined;
}

function setFields(yamlText: string, fields: Record<string, unknown>): string {
  const doc = parseDocument(yamlText);
  for (const [k, v] of Object.entries(fields)) doc.set(k, v);
  return doc.toString();
}

function authorised(token: TokenRecord, slug: string, publisher: unknown): void {
  const check = checkTokenRecord(token, { slug, publisher: String(publisher ?? '') });
  if (!check.ok)
    throw (check.status === 403 ? denied(`this token is publisher "${token.publisher}"'s and may not write dataset "${slug}"`) : denied(check.message)).saying('publish.msg.denied', { slug });
}

/** The written package as package_show will answer it (without the checksums the build adds). */
function packageOf(catalog: Catalog, slug: string): CkanPackage {
  return ckanPackage(catalog, ckanFrame(catalog), catalog.datasets.find((d) => d.slug === slug)!);
}

function sha256Of(path: string): Promise<string> {
  return new Promise((done, fail) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (c) => hash.update(c))
      .on('end', () => done(hash.digest('hex')))
      .on('error', fail);
  });
}

/** The stamp of a version folder: 2026-11-30T023000Z (no colons: safe in every file system and address). */
const folderStamp = (iso: string) => iso.replace(/\.\d+Z$/, 'Z').replace(/:/g, '');

/** What the publisher named the file, checked as a dataset path. */
function uploadName(file: UploadedFile): string {
  const name = basename(file.filename || '').trim();
  const problem = name ? relativePathProblem(name) : 'is empty';
  if (problem || name === 'dataset.yaml' || name.startsWith('.'))
    throw invalid({ upload: [`the file name "${name}" ${problem ?? 'is reserved'}: rename the file and send it again`] }).saying('publish.msg.fileName', { name });
  return name;
}

/** A resource name from a link's last path segment ("https://x.org/data/beds.csv" → "beds.csv"). */
function linkName(url: string): string {
  try {
    return decodeURIComponent(new URL(url).pathname.split('/').filter(Boolean).pop() ?? '') || 'link';
  } catch {
    return 'link';
  }
}

/** Tabular files, as the build sees them (src/content/formats.ts): a .txt is text, not a table. */
const CSV_FILE = /\.(csv|tsv)$/i;

/**
 * A refusal of new-dataset's code (src/infer) as a write refusal: rows that no schema can describe
 * become validation issues of `dir`/<file> (each with its line, worded by the form like the
 * build's), a slug that exists is CKAN's "That URL is already in use.", and the rest is kept as
 * said, under `upload`. The form words each in the page's language (publish.msg.*).
 */
function inferenceRefusal(e: NewDatasetError, dir: string): ActionError {
  const r = e.refusal;
  if (r?.kind === 'rows')
    return refusal(
      r.issues.map((i) => ({
        file: posix.join(dir, basename(r.file)),
        ...(i.line !== null ? { line: i.line } : {}),
        ...(i.column !== undefined ? { column: i.column } : {}),
        message: i.message,
        code: i.code,
        value: i.value,
      })),
    );
  if (r?.kind === 'slug-taken') return invalid({ name: ['That URL is already in use.'] }).saying('publish.msg.slugTaken', { slug: r.slug, suggestion: r.suggestion });
  if (r?.kind === 'bad-slug') return invalid({ name: [e.message] }).saying('publish.msg.badSlug', { slug: r.slug });
  return invalid({ upload: [e.message] }).saying('publish.msg.cannotCreate', { reason: e.message });
}

/** The Table Schema inferred for an uploaded CSV (refused with every problem and its line when no schema can describe it), under a file name of the dataset folder not yet taken. */
async function inferredSchema(ctx: WriteContext, dir: string, path: string, file: UploadedFile, resourceName: string): Promise<{ name: string; text: string; dialect?: Record<string, unknown> }> {
  const root = ctx.content;
  let inference;
  try {
    inference = await inferCheckedCsv(file.path, posix.join(dir, path), ctx.checks && inferAndCheckOn(ctx.checks));
  } catch (e) {
    if (e instanceof NewDatasetError) throw inferenceRefusal(e, dir);
    throw e;
  }
  let name = `${resourceName}.schema.json`;
  for (let i = 2; existsSync(join(root, dir, name)); i++) name = `${resourceName}-${i}.schema.json`;
  return { name, text: `${JSON.stringify(inference.schema, null, 2)}\n`, dialect: inference.dialect ? { ...inference.dialect } : undefined };
}

/** Stage, check, apply, commit: the one path of every accepted write. */
async function write(ctx: WriteContext, token: TokenRecord, change: ContentChange, message: string, after?: () => void): Promise<Catalog> {
  const staged = await stageChange(ctx.content, change, { checks: ctx.checks });
  if (!staged.ok) throw refusal(staged.issues);
  const touched = applyChange(ctx.content, change);
  after?.();
  const publisher = staged.catalog.publishers.get(token.publisher);
  const commit = commitChange(ctx.content, touched, { id: token.publisher, name: publisher ? localName(publisher.name) : token.publisher }, message);
  await ctx.written(`${message}${commit.commit ? ` (commit ${commit.commit.slice(0, 12)})` : ''}${commit.problem ? ` (not committed: ${commit.problem})` : ''}`, {
    catalog: staged.catalog,
    datasets: changedDatasets(change),
  });
  return staged.catalog;
}

function localName(name: unknown): string {
  if (typeof name === 'string') return name;
  if (name && typeof name === 'object') return String(Object.values(name)[0] ?? '');
  return '';
}

async function packageCreate(ctx: WriteContext, token: TokenRecord, params: Params): Promise<unknown> {
  const slug = text(params, 'name') ?? '';
  if (!SLUG.test(slug)) throw invalid({ name: [`"${slug}": must be 2 to 100 characters, lower-case letters, digits and "-", starting with a letter or digit`] });
  const publisher = text(params, 'owner_org') ?? token.publisher;
  authorised(token, slug, publisher);
  if (currentYaml(ctx.content, slug)) throw invalid({ name: ['That URL is already in use.'] });
  if (list(params, 'resources')?.length) throw invalid({ resources: ['resources are added one by one with resource_create (a file upload), after package_create'] });
  const today = (ctx.now?.() ?? new Date()).toISOString().slice(0, 10);
  const fields = { title: slug, ...datasetFields(params, today), publisher, frequency: extra(params, 'frequency') ?? 'irregular' };
  const yamlText = setFields('# Written by the publishing API (docs/publishing.md).\n', { ...fields, resources: [] });
  // Checked now with everything but its files; stored as a draft until resource_create brings one.
  const staged = await stageChange(ctx.content, { texts: { [posix.join(datasetFolder(slug), 'dataset.yaml')]: yamlText }, files: {}, keep: {} }, { alone: true });
  const issues = staged.ok ? [] : staged.issues.filter((i) => !(i.field === 'resources' && /at least one/.test(i.message)));
  if (issues.length > 0) throw refusal(issues);
  writeFileSync(draftFile(ctx.content, slug), yamlText);
  return draftPackage(slug, fields);
}

/** A package that has no file yet: CKAN's "draft" state, published by its first resource_create. */
function draftPackage(slug: string, fields: Record<string, unknown>) {
  return {
    id: slug,
    name: slug,
    title: fields.title,
    notes: fields.description ?? '',
    owner_org: fields.publisher,
    license_id: fields.license ?? null,
    state: 'draft',
    type: 'dataset',
    private: false,
    num_resources: 0,
    resources: [],
    tags: ((fields.tags as string[] | undefined) ?? []).map((t) => ({ name: t, display_name: t })),
  };
}

async function packagePatch(ctx: WriteContext, token: TokenRecord, params: Params): Promise<unknown> {
  const slug = text(params, 'id') ?? text(params, 'name') ?? '';
  const current = currentYaml(ctx.content, slug);
  if (!current) throw notFound(`dataset "${slug}"`);
  const doc = parseDocument(current.text).toJS() as Record<string, unknown>;
  authorised(token, slug, doc.publisher);
  if (text(params, 'owner_org') !== undefined && text(params, 'owner_org') !== doc.publisher) throw denied('a dataset keeps its publisher (owner_org)');
  const today = (ctx.now?.() ?? new Date()).toISOString().slice(0, 10);
  const yamlText = setFields(current.text, datasetFields(params, today));
  if (current.draft) {
    writeFileSync(draftFile(ctx.content, slug), yamlText);
    return draftPackage(slug, parseDocument(yamlText).toJS() as Record<string, unknown>);
  }
  const catalog = await write(ctx, token, { texts: { [posix.join(datasetFolder(slug), 'dataset.yaml')]: yamlText }, files: {}, keep: {} }, `package_patch ${slug}`);
  return packageOf(catalog, slug);
}

async function resourceCreate(ctx: WriteContext, token: TokenRecord, params: Params, file: UploadedFile | undefined): Promise<unknown> {
  const slug = text(params, 'package_id') ?? '';
  const current = currentYaml(ctx.content, slug);
  if (!current) throw notFound(`dataset "${slug}"`);
  const doc = parseDocument(current.text);
  const js = doc.toJS() as { publisher?: string; resources?: { name: string; path?: string }[] };
  authorised(token, slug, js.publisher);
  // Without a file, CKAN's `url` makes a link: a file hosted elsewhere, listed but never fetched.
  const url = file ? undefined : text(params, 'url')?.trim();
  if (!file && !url) throw invalid({ upload: ['Missing value: send the file as "upload" (multipart/form-data), or the address of a file hosted elsewhere as "url"'] });
  const path = file ? uploadName(file) : undefined;
  const resources = js.resources ?? [];
  if (path && resources.some((r) => r.path === path))
    throw invalid({ upload: [`"${path}" is already a file of "${slug}": send a new version with resource_patch (id "${slug}/${resources.find((r) => r.path === path)!.name}")`] });
  // Nor any other file of the folder (a Table Schema, a file a dashboard reads): a new file never replaces one unversioned.
  if (path && existsSync(join(ctx.content, datasetFolder(slug), path)))
    throw invalid({ upload: [`"${path}" is already a file of the folder datasets/${slug}/ (not a resource): give the new file another name`] });
  const name =
    (text(params, 'name') ?? (path ?? linkName(url!)).replace(/\.[^.]+$/, ''))
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^[^a-z0-9]+/, '') || 'data';
  if (resources.some((r) => r.name === name)) throw invalid({ name: [`"${name}" is already a resource of "${slug}"`] });
  const resource: Record<string, unknown> = path ? { name, path } : { name, url };
  const format = text(params, 'format');
  if (format) resource.format = format.toLowerCase();
  const description = text(params, 'description');
  if (description) resource.description = description;
  const dir = datasetFolder(slug);
  const change: ContentChange = { texts: {}, files: path && file ? { [posix.join(dir, path)]: file.path } : {}, keep: {} };
  // A CSV comes without a Table Schema from CKAN clients: one is inferred, as new-dataset does, so
  // that validation reads its rows (a file without a schema is not checked) and the dialect read
  // (delimiter, encoding, notes above the header) is declared.
  if (path && file && CSV_FILE.test(path)) {
    const inferred = await inferredSchema(ctx, dir, path, file, name);
    resource.schema = inferred.name;
    if (inferred.dialect) resource.dialect = inferred.dialect;
    change.texts[posix.join(dir, inferred.name)] = inferred.text;
  }
  doc.set('resources', [...resources, resource]);
  doc.set('updated', (ctx.now?.() ?? new Date()).toISOString().slice(0, 10));
  change.texts[posix.join(dir, 'dataset.yaml')] = doc.toString();
  const catalog = await write(ctx, token, change, `resource_create ${slug}/${name}`, () => {
    if (current.draft) rmSync(draftFile(ctx.content, slug), { force: true });
  });
  return withHash(
    packageOf(catalog, slug).resources.find((r) => r.id === `${slug}/${name}`),
    file,
  );
}

/** The answer's `hash` as package_show gives it after the build (`sha256:…`), from the upload's own checksum. */
function withHash<R extends { hash: string }>(resource: R | undefined, file: UploadedFile | undefined): R | undefined {
  return resource && file ? { ...resource, hash: `sha256:${file.sha256}` } : resource;
}

async function resourcePatch(ctx: WriteContext, token: TokenRecord, params: Params, file: UploadedFile | undefined): Promise<unknown> {
  const id = text(params, 'id') ?? '';
  const [slug = '', name = ''] = id.split('/');
  const current = currentYaml(ctx.content, slug);
  if (!current || current.draft) throw notFound(`resource "${id}" (resource ids are <dataset>/<resource>, as package_show lists them)`).saying('publish.msg.notFound', { id });
  const doc = parseDocument(current.text);
  const js = doc.toJS() as { publisher?: string; resources?: { name: string; path?: string; url?: string; versions?: unknown[] }[] };
  authorised(token, slug, js.publisher);
  const index = (js.resources ?? []).findIndex((r) => r.name === name);
  if (index < 0) throw notFound(`resource "${id}"`).saying('publish.msg.notFound', { id });
  const resource = js.resources![index]!;
  const dir = datasetFolder(slug);
  const now = (ctx.now?.() ?? new Date()).toISOString().replace(/\.\d+Z$/, 'Z');
  const change: ContentChange = { texts: {}, files: {}, keep: {} };
  for (const key of ['format', 'description'] as const) {
    const value = text(params, key);
    if (value !== undefined) doc.setIn(['resources', index, key], key === 'format' ? value.toLowerCase() : value);
  }
  const url = text(params, 'url')?.trim();
  if (resource.url !== undefined) {
    // A link: its address changes; a file cannot be put under it (a link has no versions).
    if (file) throw invalid({ upload: [`"${id}" is a link to a file hosted elsewhere: send its new address as "url", or add the file with resource_create`] });
    if (url) doc.setIn(['resources', index, 'url'], url);
  } else if (url && !file) throw invalid({ url: [`"${id}" is a file of this portal: send its new version as "upload" (multipart/form-data); a link is added with resource_create`] });
  if (file && resource.path !== undefined) {
    if (extname(uploadName(file)).toLowerCase() !== extname(resource.path).toLowerCase())
      throw invalid({ upload: [`the new version must have the same kind of file as "${resource.path}" (${extname(resource.path) || 'no extension'}); "${file.filename}" is not`] }).saying(
        'publish.msg.sameKind',
        { path: resource.path, name: file.filename },
      );
    // The current file stays downloadable as a version: linked under versions/<time>/ before being replaced.
    const versionPath = posix.join('versions', folderStamp(now), resource.path);
    const currentFile = join(ctx.content, dir, resource.path);
    const version: Record<string, unknown> = { path: versionPath, replaced: now };
    if (existsSync(currentFile)) version.sha256 = await sha256Of(currentFile);
    change.keep[posix.join(dir, resource.path)] = posix.join(dir, versionPath);
    change.files[posix.join(dir, resource.path)] = file.path;
    doc.setIn(['resources', index, 'versions'], [version, ...(resource.versions ?? [])]);
  }
  doc.set('updated', now.slice(0, 10));
  change.texts[posix.join(dir, 'dataset.yaml')] = doc.toString();
  const catalog = await write(ctx, token, change, `resource_patch ${id}${file ? ` (new file, sha256 ${file.sha256.slice(0, 12)})` : ''}`);
  return withHash(
    packageOf(catalog, slug).resources.find((r) => r.id === id),
    file,
  );
}

/**
 * The token of a write and its turn (PORTAL_PUBLISH_RATE_LIMIT), checked from the headers alone,
 * before the body is read: a client without a valid token, or over its limit, gets its refusal
 * without the server streaming its upload to disk first.
 */
export async function admitWrite(
  ctx: WriteContext,
  action: WriteAction,
  headers: Record<string, string | string[] | undefined>,
  help: string,
): Promise<{ token: TokenRecord } | { refused: WriteAnswer }> {
  try {
    const presented = presentedToken(headers);
    if (!presented) throw denied(`${action} needs a publisher token: send it as "Authorization: <token>" (or X-CKAN-API-Key)`);
    const token = await findPresentedToken(await ctx.store(), presented);
    if (!token) throw denied('unknown token');
    await takeTurn(ctx, token);
    return { token };
  } catch (e) {
    if (e instanceof ActionError) return { refused: { status: e.status, body: { help, success: false, error: e.error }, headers: e.headers } };
    throw e;
  }
}

/** Answer one write action in CKAN's envelope, for a token admitted by admitWrite. The uploaded file, if any, is consumed (put in place) or removed. */
export async function writeAction(ctx: WriteContext, action: WriteAction, token: TokenRecord, body: FormBody | Params, help: string): Promise<WriteAnswer> {
  const { params, file } = 'fields' in body && typeof body.fields === 'object' ? { params: body.fields as Params, file: (body as FormBody).file } : { params: body as Params, file: undefined };
  try {
    checkLengths(params);
    // A large file is read in a child process (src/publish/checks.ts), started once the write's turn has come.
    const result = await serialized(() =>
      withChecks(
        file?.bytes ?? 0,
        (checks) => {
          const write = { ...ctx, checks };
          if (action === 'package_create') return packageCreate(write, token, params);
          if (action === 'package_patch') return packagePatch(write, token, params);
          if (action === 'resource_create') return resourceCreate(write, token, params, file);
          return resourcePatch(write, token, params, file);
        },
        ctx.log,
      ),
    );
    return { status: 200, body: { help, success: true, result } };
  } catch (e) {
    if (e instanceof ActionError) return { status: e.status, body: { help, success: false, error: e.error }, headers: e.headers };
    throw e;
  } finally {
    if (file && existsSync(file.path)) rmSync(file.path, { force: true });
  }
}

/** What the publishing form sends to create a dataset from one file. */
export interface FileDatasetFields {
  slug?: string;
  title?: string;
  description?: string;
  sector?: string;
  frequency?: string;
  license?: string;
}

/**
 * A new dataset from one uploaded file, as `npm run new-dataset` makes it (src/infer: the Table
 * Schema inferred, the dialect that was read), completed with what the person typed in the form,
 * then written like every other write (staged, validated, renamed into place, committed).
 */
async function createFromFile(ctx: WriteContext, token: TokenRecord, file: UploadedFile, fields: FileDatasetFields): Promise<string> {
  checkLengths({ title: fields.title, notes: fields.description, name: fields.slug });
  const name = uploadName(file);
  // new-dataset writes a dataset folder into a content folder: here, into a scratch copy of ours.
  const scratch = mkdtempSync(join(workDir(ctx.content, 'staging'), 'new-'));
  try {
    linkTree(ctx.content, join(scratch, 'content'));
    linkSync(file.path, join(scratch, name));
    let made;
    try {
      made = await newDataset({
        file: join(scratch, name),
        shownName: name,
        content: join(scratch, 'content'),
        slug: fields.slug || undefined,
        sector: fields.sector || undefined,
        publisher: token.publisher,
        inferAndCheck: ctx.checks && inferAndCheckOn(ctx.checks),
      });
    } catch (e) {
      if (e instanceof NewDatasetError) throw inferenceRefusal(e, datasetFolder(fields.slug || slugify(name) || 'data'));
      throw e;
    }
    authorised(token, made.slug, token.publisher);
    const dir = join(scratch, 'content', made.dir);
    const doc = parseDocument(readFileSync(join(dir, 'dataset.yaml'), 'utf8'));
    const set: Record<string, unknown> = { publisher: token.publisher, updated: (ctx.now?.() ?? new Date()).toISOString().slice(0, 10) };
    if (fields.title) set.title = fields.title;
    if (fields.description) set.description = fields.description;
    if (fields.frequency) set.frequency = fields.frequency;
    if (fields.license) set.license = fields.license;
    for (const [k, v] of Object.entries(set)) doc.set(k, v);
    const texts: Record<string, string> = { [posix.join(made.dir, 'dataset.yaml')]: doc.toString() };
    for (const f of made.files) if (f !== name && f !== 'dataset.yaml') texts[posix.join(made.dir, f)] = readFileSync(join(dir, f), 'utf8');
    await write(ctx, token, { texts, files: { [posix.join(made.dir, name)]: file.path }, keep: {} }, `new dataset ${made.slug} from ${name}`);
    return made.slug;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

export type FormOutcome = { ok: true; slug: string } | { ok: false; status: number; errors: FormProblem[] };

/** The publishing form's two writes, for a signed-in publisher: a dataset from a file, a new version of a file. */
export async function formWrite(ctx: WriteContext, token: TokenRecord, kind: 'create' | 'version', fields: Record<string, string>, file: UploadedFile | undefined): Promise<FormOutcome> {
  try {
    await takeTurn(ctx, token);
    if (!file || file.bytes === 0) throw invalid({ upload: ['no file was chosen, or it is empty'] }).saying('publish.msg.noFile');
    const slug = await serialized(() =>
      withChecks(
        file.bytes,
        async (checks) => {
          const write = { ...ctx, checks };
          if (kind === 'create') return createFromFile(write, token, file, fields);
          await resourcePatch(write, token, { id: fields.resource ?? '' }, file);
          return (fields.resource ?? '').split('/')[0]!;
        },
        ctx.log,
      ),
    );
    return { ok: true, slug };
  } catch (e) {
    if (!(e instanceof ActionError)) throw e;
    const { __type, message, ...byField } = e.error as Record<string, unknown>;
    if (e.issues) return { ok: false, status: e.status, errors: withFields(ctx.content, e.issues).map(([issue, field]) => ({ text: formatIssue(issue), issue, field })) };
    const texts = Object.values(byField).flat().map(String);
    if (e.said) return { ok: false, status: e.status, errors: [{ text: texts[0] ?? String(message ?? __type), ...e.said }] };
    return { ok: false, status: e.status, errors: (texts.length ? texts : [String(message ?? __type)]).map((text) => ({ text })) };
  } finally {
    if (file && existsSync(file.path)) rmSync(file.path, { force: true });
  }
}

/** Each issue with the Table Schema field of its column, when the issue is about a column of a data file of the content folder. */
function withFields(root: string, issues: ContentIssue[]): [ContentIssue, Field | undefined][] {
  if (!issues.some((i) => i.column !== undefined)) return issues.map((i) => [i, undefined]);
  const resources = loadContent(root).catalog?.datasets.flatMap((d) => d.resources) ?? [];
  return issues.map((i) => [i, i.column === undefined ? undefined : resources.find((r) => r.file === i.file)?.tableSchema?.fields.find((f) => f.name === i.column)]);
}

/** A publisher's datasets and their files (not their links: a link gets no new version), as the content folder has them now (for the form's list). */
export function publisherFiles(root: string, publisher: string): { slug: string; title: string; resources: { id: string; path: string }[] }[] {
  const catalog = loadContent(root).catalog;
  if (!catalog) return [];
  return catalog.datasets
    .filter((d) => d.config.publisher === publisher)
    .map((d) => ({ slug: d.slug, title: localName(d.config.title), resources: d.resources.filter((r) => !r.url).map((r) => ({ id: `${d.slug}/${r.name}`, path: r.path })) }));
}
