import { spawnSync } from 'node:child_process';
import { existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ContentIssue } from '../content/issues.ts';
import type { Catalog } from '../content/load.ts';
import { useLoadCache } from '../content/load-cache.ts';
import { validateContent } from '../content/validate.ts';
import { buildCacheDir } from '../settings.ts';
import { previewCacheDir } from '../preview/store.ts';
import type { TaskRunner } from '../lib/pool.ts';

/**
 * Writes into the content folder, the one source of truth. A change (a dataset.yaml, files put
 * in place, earlier files kept as versions) is first made in a staging copy of the content
 * folder — hard links, so nothing is copied and the real files are never written through — and
 * checked there with the build's own validation (`validateContent`). Only a valid change is
 * then applied to the content folder: each file renamed into place (atomic), the previous file
 * linked to its version path before it is replaced. A refused change leaves the content folder
 * as it was. When the content folder is a git repository, the change is committed with the
 * publisher as author.
 */

/** Folders of the content root that are the publishing machinery's, not content (ignored by loading: names start with "."). */
export const WORK_DIR = '.publishing';

export interface ContentChange {
  /** New text of files, by path relative to the content folder (dataset.yaml, Table Schemas). */
  texts: Record<string, string>;
  /** Files put in place from temporary files (uploads), by path relative to the content folder. */
  files: Record<string, string>;
  /** Current files kept under another path before being replaced (content-relative: from → to). */
  keep: Record<string, string>;
}

export type ChangeResult = { ok: true; catalog: Catalog } | { ok: false; issues: ContentIssue[] };

export function workDir(root: string, part: 'uploads' | 'staging' | 'drafts' | 'shown'): string {
  const dir = join(root, WORK_DIR, part);
  if (!existsSync(dir)) {
    mkdirSync(dir, { recursive: true });
    // Never content, never committed.
    writeFileSync(join(root, WORK_DIR, '.gitignore'), '*\n');
  }
  return dir;
}

/**
 * A copy of the content folder made of hard links (symbolic links and special files are left
 * out, as loading refuses them anyway); at the top, without the names in `skip`.
 */
export function linkTree(from: string, to: string, top = true, skip: readonly string[] = []): void {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    if (top && (entry.name.startsWith('.') || entry.name === 'node_modules' || skip.includes(entry.name))) continue;
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isDirectory()) linkTree(source, target, false);
    else if (entry.isFile()) {
      try {
        linkSync(source, target);
      } catch {
        copyFileSync(source, target);
      }
    }
  }
}

/** Replace a path of the staging copy without writing through a hard link to the real file. */
function replaceIn(base: string, rel: string, put: (target: string) => void): void {
  const target = join(base, rel);
  mkdirSync(dirname(target), { recursive: true });
  rmSync(target, { force: true });
  put(target);
}

/**
 * The datasets a change writes into (datasets/<slug>/…): only their tables are read again, and
 * the dashboards that read them; undefined (everything) when it writes anything else.
 */
export function changedDatasets(change: ContentChange): Set<string> | undefined {
  const slugs = new Set<string>();
  for (const rel of [...Object.keys(change.texts), ...Object.keys(change.files), ...Object.values(change.keep)]) {
    const m = /^datasets\/([^/]+)\//.exec(rel.replace(/\\/g, '/'));
    if (!m) return undefined;
    slugs.add(m[1]!);
  }
  return slugs;
}

/**
 * Check a change in a staging copy: the validation report of the content folder as it would be.
 * `alone`: the change is a new dataset without files (package_create's draft), checked against
 * the portal, publishers and its own folder only; the other datasets are not read (they cannot
 * make it invalid) and only its own issues are reported. Its `catalog` then lacks them.
 * `checks`: the process the tables are read in (src/publish/checks.ts), else this one.
 */
export async function stageChange(root: string, change: ContentChange, options: { alone?: boolean; checks?: TaskRunner } = {}): Promise<ChangeResult> {
  const staging = mkdtempSync(join(workDir(root, 'staging'), 'change-'));
  const slugs = changedDatasets(change);
  // A write into some datasets stages those folders and everything outside datasets/; the other
  // datasets are read from the content folder itself (they do not change). A dataset.yaml naming a
  // file outside its folder ("../") could name another dataset's: the whole folder is staged then.
  const partial = slugs !== undefined && [...slugs].every((slug) => !/\.\.[\\/]/.test(currentText(join(root, 'datasets', slug, 'dataset.yaml'))));
  try {
    if (partial) {
      linkTree(root, staging, true, ['datasets']);
      for (const slug of slugs) if (existsSync(join(root, 'datasets', slug))) linkTree(join(root, 'datasets', slug), join(staging, 'datasets', slug), false);
    } else linkTree(root, staging);
    for (const [from, to] of Object.entries(change.keep)) replaceIn(staging, to, (t) => linkSync(join(staging, from), t));
    for (const [rel, temp] of Object.entries(change.files)) replaceIn(staging, rel, (t) => linkSync(temp, t));
    for (const [rel, text] of Object.entries(change.texts)) replaceIn(staging, rel, (t) => writeFileSync(t, text));
    // The build's loaded datasets (by content): at 10,000 datasets, loading every dataset again
    // would be most of a write's time; only the changed ones are loaded.
    useLoadCache(buildCacheDir('loaded.v8'));
    const alone = options.alone === true && partial;
    // The written tables' previews ride on this read (the preview cache is keyed by content): the
    // publish layer and the rebuild find them computed (src/publish/show-at-once.ts).
    const report = await validateContent(staging, {
      cache: buildCacheDir('validation.json'),
      datasets: slugs,
      unchangedFrom: partial && !alone ? root : undefined,
      previews: previewCacheDir(),
      pool: options.checks,
    });
    // Alone, a dashboard naming a dataset that was not read is not an issue of this change.
    const issues = alone ? report.issues.filter((i) => [...slugs].some((slug) => i.file.startsWith(`datasets/${slug}/`))) : report.issues;
    if (issues.length > 0 || !report.catalog) return { ok: false, issues };
    return { ok: true, catalog: report.catalog };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

function currentText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** Apply a checked change to the content folder: versions linked first, then every file renamed into place. */
export function applyChange(root: string, change: ContentChange): string[] {
  const touched: string[] = [];
  for (const [from, to] of Object.entries(change.keep)) {
    mkdirSync(dirname(join(root, to)), { recursive: true });
    linkSync(join(root, from), join(root, to));
    touched.push(to);
  }
  for (const [rel, temp] of Object.entries(change.files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    renameSync(temp, join(root, rel));
    touched.push(rel);
  }
  for (const [rel, text] of Object.entries(change.texts)) {
    const target = join(root, rel);
    mkdirSync(dirname(target), { recursive: true });
    const temp = join(workDir(root, 'uploads'), `text-${process.pid}-${Date.now()}`);
    writeFileSync(temp, text);
    renameSync(temp, target);
    touched.push(rel);
  }
  return touched;
}

/** Whether the content folder is (inside) a git work tree. */
export function isGitRepository(root: string): boolean {
  if (!existsSync(root)) return false;
  const r = spawnSync('git', ['rev-parse', '--is-inside-work-tree'], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0 || r.stdout.trim() !== 'true') return false;
  // A content folder that the enclosing repository ignores (a scratch copy inside a project) is not versioned.
  return spawnSync('git', ['check-ignore', '-q', '.'], { cwd: root }).status !== 0;
}

/**
 * Commit the touched paths, the publisher as author (`<name> <id@publishers.invalid>`: the
 * portal knows no e-mail addresses); the committer is git's own configuration, or the portal.
 * Returns the commit id, or a reason it was not made.
 */
export function commitChange(root: string, paths: string[], author: { id: string; name: string }, message: string): { commit?: string; problem?: string } {
  if (!isGitRepository(root)) return {};
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: author.name,
    GIT_AUTHOR_EMAIL: `${author.id}@publishers.invalid`,
    GIT_COMMITTER_NAME: process.env.GIT_COMMITTER_NAME || gitConfig(root, 'user.name') || 'Crisis open-data portal',
    GIT_COMMITTER_EMAIL: process.env.GIT_COMMITTER_EMAIL || gitConfig(root, 'user.email') || 'portal@localhost',
  };
  const add = spawnSync('git', ['add', '--', ...paths], { cwd: root, env, encoding: 'utf8' });
  if (add.status !== 0) return { problem: `git add failed: ${add.stderr.trim()}` };
  const commit = spawnSync('git', ['commit', '--quiet', '-m', message, '--', ...paths], { cwd: root, env, encoding: 'utf8' });
  if (commit.status !== 0) return { problem: `git commit failed: ${commit.stderr.trim() || commit.stdout.trim()}` };
  const head = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' });
  return { commit: head.stdout.trim() };
}

function gitConfig(root: string, key: string): string | undefined {
  const r = spawnSync('git', ['config', key], { cwd: root, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() || undefined : undefined;
}

/** One write at a time in this process: each change is staged against the content folder as the previous one left it. */
let queue: Promise<unknown> = Promise.resolve();
export function serialized<T>(work: () => Promise<T>): Promise<T> {
  const run = queue.then(work, work);
  queue = run.catch(() => undefined);
  return run;
}
