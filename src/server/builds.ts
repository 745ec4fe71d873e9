import { existsSync, lstatSync, mkdirSync, readdirSync, readlinkSync, realpathSync, renameSync, rmdirSync, rmSync, symlinkSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';

/**
 * Where builds go, and how the served one is switched in one step.
 *
 * PORTAL_DIST (dist/ by default) is a symbolic link to one finished build in the folder next to
 * it, `<dist>.builds/<id>/`. A build writes a fresh `<id>` folder, then replaces the link by a
 * rename (atomic on POSIX file systems): every reader that opens `dist/…` — a running server
 * (src/server/site.ts), nginx, `npm run bundle`, `npm run token` — sees either the old build or
 * the new one, never a half-written one. The link is relative, so the folder holding both can
 * be moved or mounted elsewhere.
 *
 * A `dist/` left by an older version of the portal (a real folder) is moved into the builds
 * folder by the first build, then replaced by the link.
 */

/** How many finished builds are kept: the served one and the ones before it (in-flight requests of a running server may still read them). */
export const KEPT_BUILDS = 3;

export function buildsFolder(pointer: string): string {
  const abs = resolve(pointer);
  return join(dirname(abs), `${basename(abs)}.builds`);
}

function buildId(now = new Date()): string {
  return `${now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
}

/** A fresh, empty folder for the next build, next to the served one. */
export function newBuildFolder(pointer: string): string {
  const dir = join(buildsFolder(pointer), buildId());
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * A build's server code imports the portal's npm packages, which Node looks for in the
 * node_modules folders above the importing file. A build outside the project (PORTAL_DIST=/srv/…)
 * gets a `node_modules` link to the project's, so the build can render its pages with its own
 * bundle and `npm run serve` can serve it. Inside the project, nothing is needed.
 */
export function linkPackages(build: string, projectRoot: string): void {
  const rel = relative(realpathSync(projectRoot), realpathSync(build));
  if (!rel.startsWith('..') && !rel.startsWith('/')) return;
  const packages = join(projectRoot, 'node_modules');
  if (existsSync(packages) && !existsSync(join(build, 'node_modules'))) symlinkSync(resolve(packages), join(build, 'node_modules'), 'dir');
}

/** Whether `pointer` is a link to a build (the layout this module writes). */
export function isSwitchable(pointer: string): boolean {
  try {
    return lstatSync(pointer).isSymbolicLink();
  } catch {
    return false;
  }
}

/** The build folder `pointer` currently leads to (itself when it is a plain folder). */
export function currentBuild(pointer: string): string {
  return realpathSync(pointer);
}

/**
 * Make `build` the served one: a new link under a temporary name, renamed over the old link.
 * A plain folder at `pointer` (an older layout) is first moved into the builds folder.
 */
export function switchBuild(pointer: string, build: string): void {
  const abs = resolve(pointer);
  const target = relative(dirname(abs), resolve(build));
  const temporary = join(dirname(abs), `.${basename(abs)}.switch-${process.pid}`);
  rmSync(temporary, { force: true });
  symlinkSync(target, temporary, 'dir');
  if (existsSync(abs) && !isSwitchable(abs)) {
    // An empty folder (made for the build to write into) is simply replaced.
    if (readdirSync(abs).length === 0) rmdirSync(abs);
    else renameSync(abs, join(buildsFolder(abs), `${buildId()}-earlier`));
  }
  renameSync(temporary, abs);
}

/** Where builds being removed wait for their deletion (`npm run build` deletes them in the background). */
export function trashFolder(pointer: string): string {
  const abs = resolve(pointer);
  return join(dirname(abs), `.${basename(abs)}.trash`);
}

/**
 * Remove the oldest finished builds, keeping `keep` (the served one always), and folders of
 * builds that never finished (older than the served one). Returns the folders removed.
 */
export function pruneBuilds(pointer: string, keep = KEPT_BUILDS, remove = (dir: string) => rmSync(dir, { recursive: true, force: true })): string[] {
  const folder = buildsFolder(pointer);
  if (!existsSync(folder)) return [];
  const served = isSwitchable(pointer) ? basename(readlinkSync(pointer)) : undefined;
  const builds = readdirSync(folder).sort();
  const servedAt = served ? builds.indexOf(served) : builds.length;
  const removed: string[] = [];
  // Names sort by time: everything before the served build, but the `keep - 1` just before it.
  for (const [i, name] of builds.entries()) {
    if (name === served || i >= servedAt || i >= servedAt - (keep - 1)) continue;
    remove(join(folder, name));
    removed.push(name);
  }
  return removed;
}

/** Remove a built site: the link and every build next to it (or a plain folder). */
export function removeBuilds(pointer: string): void {
  rmSync(pointer, { recursive: true, force: true });
  // A build being stopped may still be writing for a moment.
  rmSync(buildsFolder(pointer), { recursive: true, force: true, maxRetries: 20, retryDelay: 100 });
  rmSync(trashFolder(pointer), { recursive: true, force: true, maxRetries: 20, retryDelay: 100 });
}

/**
 * The other build folders next to `build` (in its builds folder), newest first: where a build
 * finds what the one before it made (data files, compressed copies) to link instead of redo.
 */
export function olderBuilds(build: string): string[] {
  const folder = resolve(build);
  const builds = dirname(folder);
  try {
    return readdirSync(builds)
      .map((n) => join(builds, n))
      .filter((d) => d !== folder)
      .sort()
      .reverse();
  } catch {
    return [];
  }
}
