// npm run build: validate the content folder, then build the site into a fresh folder next to
// dist/ and switch dist/ to it in one step (src/server/builds.ts): a running server picks the new
// build up (src/server/site.ts). Invalid content stops the build with the same list `npm run
// validate` prints, and the served build stays as it was.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { hasBundle, pruneBundles, restoreBundle, saveBundle } from '../src/build/bundle-cache.ts';
import { freeze } from '../src/build/freeze.ts';
import { bundleKey } from '../src/build/keys.ts';
import { BUNDLE_ONLY } from '../src/build/bundle-only.ts';
import { writeBuildFiles } from '../src/build/build-files.ts';
import { contentRoot, useLoadedCatalog } from '../src/site/catalog.ts';
import { linkedDataFiles } from '../src/site/runtime-files.ts';
import { derivedCopies } from '../src/preview/store.ts';
import { KEPT_BUILDS, linkPackages, newBuildFolder, pruneBuilds, switchBuild, trashFolder } from '../src/server/builds.ts';
import { type Handled, precompress } from '../src/server/http/precompress.ts';
import { buildCacheDir } from '../src/settings.ts';
import { collectGarbage } from '../src/lib/collect.ts';
import { runDerive, runValidation } from './cli.ts';
import { preparePool, preloadContent } from './prepare-pool.ts';

const pointer = resolve(process.env.PORTAL_DIST || 'dist');
const dist = newBuildFolder(pointer);
// Every step below writes into the new folder; the served one is untouched until the switch.
process.env.PORTAL_DIST = dist;
const fail = (status: number) => {
  rmSync(dist, { recursive: true, force: true });
  process.exit(status);
};

// The Astro bundle (server and client code) depends on the source only: it is built once per
// source (src/, public/, the config, the lockfile, Node's version) and kept in the build cache;
// a content change reuses it. Its static pages are then rendered by the bundle itself, each from
// the cache when what it reads is unchanged (src/build/freeze.ts).
const key = bundleKey(process.cwd());
const kept = buildCacheDir('bundle', key);
const reuse = hasBundle(kept);
let timer = Date.now();
const seconds = () => ((Date.now() - timer) / 1000).toFixed(1);
const stopped = (status: number) =>
  console.error(status === 1 ? 'Build stopped: fix the errors above, then run "npm run build" again.' : 'Build stopped: the previews could not be computed (see above).');

// Validation, then previews (chart data, first rows, statistics, derived downloads: one streaming
// pass per changed data file), reading the content once; pages then only read the results.
// Unchanged files are neither validated nor derived again (scripts/prepare.ts); the others are
// checked and derived on every core (scripts/prepare-pool.ts), with the same result as in one
// process. Before `astro build` this runs in its own process, so the memory it used is given
// back first; with a kept bundle, in this one, which renders the pages from the same loaded content.
if (reuse) {
  // The table checks and preview passes the caches lack on every core (a first build of a large
  // content folder with an unchanged source); a rebuild's few run here (scripts/prepare-pool.ts).
  const pool = preparePool();
  await preloadContent(contentRoot(), pool);
  const { ok, report } = await runValidation(process.stdout, pool, { previews: true });
  if (!ok || !report.catalog) {
    stopped(1);
    fail(1);
  }
  try {
    await runDerive(report.catalog!, pool, report.previewed);
    await pool.close();
    useLoadedCatalog(report.catalog!);
  } catch (e) {
    console.error(e instanceof Error ? (e.stack ?? e.message) : e);
    stopped(2);
    fail(1);
  }
  timer = Date.now();
  restoreBundle(kept, dist);
  console.log(`Astro bundle ${key.slice(0, 12)} reused (the source is unchanged), in ${seconds()} s`);
  timer = Date.now();
  await writeBuildFiles(join(dist, 'client'), (line) => console.log(line), key, buildCacheDir('compressed'));
  console.log(`wrote the data files, exports and runtime files in ${seconds()} s`);
} else {
  // Node itself with this process's loader flags (tsx's), not the tsx command: one process less.
  const prepare = spawnSync(process.execPath, [...process.execArgv, resolve(import.meta.dirname, 'prepare.ts')], { stdio: 'inherit' });
  if (prepare.status !== 0) {
    stopped(prepare.status ?? 1);
    fail(1);
  }
  timer = Date.now();
  // Astro's own binary (not npx), so the child is the real build process. A build is always a
  // production build: a NODE_ENV inherited from the caller (vitest sets "test") would make Vite
  // build in development mode, with dependencies left external to the server bundle.
  const astro = resolve('node_modules', '.bin', process.platform === 'win32' ? 'astro.cmd' : 'astro');
  // The bundle only (BUNDLE_ONLY): the build files are written below, in this process, once
  // Astro's has ended and given its memory back (at 10,000 datasets, Vite's heap and the exports
  // in one process peaked near 900 MB).
  const result = spawnSync(astro, ['build', BUNDLE_ONLY, ...process.argv.slice(2)], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (result.status !== 0) fail(result.status ?? 1);
  const files = saveBundle(dist, kept, resolve('public'));
  pruneBundles(dirname(kept));
  console.log(`Astro bundle ${key.slice(0, 12)} built and kept (${files} files) in ${seconds()} s`);
  timer = Date.now();
  await writeBuildFiles(join(dist, 'client'), (line) => console.log(line), key, buildCacheDir('compressed'));
  console.log(`wrote the data files, exports and runtime files in ${seconds()} s`);
}
collectGarbage();
timer = Date.now();
// After `astro build`, which empties the folder first: the bundle's imports must resolve.
linkPackages(dist, process.cwd());
// Each page is compressed as it is rendered (its copies kept with it in the page cache).
let compressed = new Map<string, Handled>();
try {
  const frozen = await freeze(dist, key, buildCacheDir('pages'));
  compressed = frozen.compressed;
  const { pages, rendered, loadMs } = frozen;
  // The addresses, when they are few enough to read (one changed dataset, say).
  const shown = rendered.length > 0 && rendered.length <= 100 && rendered.length < pages ? `\nrendered again: ${rendered.join(' ')}` : '';
  console.log(`static pages: ${rendered.length} rendered, ${pages - rendered.length} unchanged, from the cache, in ${seconds()} s (bundle loaded in ${(loadMs / 1000).toFixed(1)} s)${shown}`);
} catch (e) {
  console.error(`Build stopped: a static page could not be rendered: ${(e as Error).stack ?? e}`);
  fail(1);
}
collectGarbage();
// Brotli and gzip copies of the other static text files (data files, assets, whole-catalog
// exports), so the server never compresses them per request.
const started = Date.now();
// Copies are kept in the build cache by content: a rebuild compresses only the files that changed.
// The derived downloads' copies came with them from the preview cache (src/preview/store.ts).
const handled = new Map([...derivedCopies(join(dist, 'client')), ...compressed]);
const { files, before, after, reused, withPages } = await precompress(dist, buildCacheDir('compressed'), handled, linkedDataFiles(join(dist, 'client')));
console.log(
  `precompressed ${files} files (brotli ${(before / 1024).toFixed(0)} KB → ${(after / 1024).toFixed(0)} KB; ${reused} unchanged, from the cache) in ${((Date.now() - started) / 1000).toFixed(1)} s; ${withPages} of them with their pages`,
);
switchBuild(pointer, dist);
// Older builds are moved aside at once and deleted by a background process: deleting a build's
// thousands of files takes longer than the rest of a small rebuild.
const trash = trashFolder(pointer);
const removed = pruneBuilds(pointer, KEPT_BUILDS, (dir) => {
  mkdirSync(trash, { recursive: true });
  renameSync(dir, join(trash, basename(dir)));
});
if (removed.length > 0) spawn(process.execPath, ['-e', `require('node:fs').rmSync(${JSON.stringify(trash)}, { recursive: true, force: true })`], { detached: true, stdio: 'ignore' }).unref();
console.log(`serving ${dist} through ${pointer}${removed.length ? ` (removed ${removed.length} older build${removed.length > 1 ? 's' : ''})` : ''}`);
