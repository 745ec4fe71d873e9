// The Astro bundle of a source, kept in PORTAL_CACHE/bundle/<key>/: the server (dist/server) and
// the client files that come from the source (dist/client/_astro, the public/ folder), never a
// page or a content file. A build whose source is unchanged links them into its folder instead
// of running `astro build`.
import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, utimesSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/** Hard-link `from` to `to` (cache entries are never changed in place), copying across file systems. */
export function linkOrCopy(from: string, to: string): void {
  mkdirSync(dirname(to), { recursive: true });
  rmSync(to, { force: true });
  try {
    linkSync(from, to);
  } catch {
    copyFileSync(from, to);
  }
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)));
}

/** The bundle's files in a build folder, relative to it. */
function bundleFiles(build: string, publicDir: string): string[] {
  return [
    ...filesUnder(join(build, 'server')).map((f) => join('server', f)),
    ...filesUnder(join(build, 'client', '_astro')).map((f) => join('client', '_astro', f)),
    ...filesUnder(publicDir)
      .map((f) => join('client', f))
      .filter((f) => existsSync(join(build, f))),
  ];
}

export function hasBundle(cacheDir: string): boolean {
  return existsSync(join(cacheDir, 'server', 'entry.mjs'));
}

/** Keep the bundle `astro build` just wrote into `build` (copied: the build folder is not the cache's). */
export function saveBundle(build: string, cacheDir: string, publicDir: string): number {
  const files = bundleFiles(build, publicDir);
  // Another build of the same source kept it meanwhile: builds may be linking from it, keep it.
  if (hasBundle(cacheDir)) return files.length;
  const temporary = `${cacheDir}.tmp-${process.pid}`;
  rmSync(temporary, { recursive: true, force: true });
  for (const f of files) {
    mkdirSync(dirname(join(temporary, f)), { recursive: true });
    copyFileSync(join(build, f), join(temporary, f));
  }
  // A folder without the entry is no bundle (a copy interrupted by hand): replace it.
  rmSync(cacheDir, { recursive: true, force: true });
  mkdirSync(dirname(cacheDir), { recursive: true });
  try {
    renameSync(temporary, cacheDir);
  } catch {
    // Kept by another build between the check and now.
    rmSync(temporary, { recursive: true, force: true });
  }
  return files.length;
}

/** Link a kept bundle into a fresh build folder; the cache entry's time says when it was last used. */
export function restoreBundle(cacheDir: string, build: string): number {
  const files = filesUnder(cacheDir);
  for (const f of files) linkOrCopy(join(cacheDir, f), join(build, f));
  const now = new Date();
  utimesSync(cacheDir, now, now);
  return files.length;
}

/** Remove all but the `keep` most recently used bundles. */
export function pruneBundles(parent: string, keep = 3): void {
  if (!existsSync(parent)) return;
  const entries = readdirSync(parent)
    .map((name) => ({ name, used: statSync(join(parent, name)).mtimeMs }))
    .sort((a, b) => b.used - a.used);
  for (const e of entries.slice(keep)) rmSync(join(parent, e.name), { recursive: true, force: true });
}
