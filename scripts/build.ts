// npm run build: validate the content folder, then build the site into a fresh folder next to
// dist/ and switch dist/ to it in one step (src/server/builds.ts): a running server picks the new
// build up (src/server/site.ts). Invalid content stops the build with the same list `npm run
// validate` prints, and the served build stays as it was.
// Each step runs in its own process, so the memory validation used is given back
// before Astro starts rendering pages.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { newBuildFolder, pruneBuilds, switchBuild } from '../src/server/builds.ts';
import { precompress } from '../src/server/http/precompress.ts';
import { buildCacheDir } from '../src/settings.ts';

const pointer = resolve(process.env.PORTAL_DIST || 'dist');
const dist = newBuildFolder(pointer);
// Every step below writes into the new folder; the served one is untouched until the switch.
process.env.PORTAL_DIST = dist;
const fail = (status: number) => {
  rmSync(dist, { recursive: true, force: true });
  process.exit(status);
};

const tsx = createRequire(import.meta.url).resolve('tsx/cli');
// Validation, then previews (chart data, first rows, statistics, derived downloads: one streaming
// pass per changed data file), in one process that reads the content once; pages then only read
// the results. Unchanged files are neither validated nor derived again (scripts/prepare.ts).
const prepare = spawnSync(process.execPath, [tsx, resolve(import.meta.dirname, 'prepare.ts')], { stdio: 'inherit' });
if (prepare.status !== 0) {
  console.error(prepare.status === 1 ? 'Build stopped: fix the errors above, then run "npm run build" again.' : 'Build stopped: the previews could not be computed (see above).');
  fail(1);
}
// Astro's own binary (not npx), so the child is the real build process. A build is always a
// production build: a NODE_ENV inherited from the caller (vitest sets "test") would make Vite
// build in development mode, with dependencies left external to the server bundle.
const astro = resolve('node_modules', '.bin', process.platform === 'win32' ? 'astro.cmd' : 'astro');
const result = spawnSync(astro, ['build', ...process.argv.slice(2)], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
if (result.status !== 0) fail(result.status ?? 1);
// Brotli and gzip copies of the static text files, so the server never compresses them per request.
const started = Date.now();
// Copies are kept in the build cache by content: a rebuild compresses only the files that changed.
const { files, before, after, reused } = await precompress(dist, buildCacheDir('compressed'));
console.log(
  `precompressed ${files} files (brotli ${(before / 1024).toFixed(0)} KB → ${(after / 1024).toFixed(0)} KB; ${reused} unchanged, from the cache) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
switchBuild(pointer, dist);
const removed = pruneBuilds(pointer);
console.log(`serving ${dist} through ${pointer}${removed.length ? ` (removed ${removed.length} older build${removed.length > 1 ? 's' : ''})` : ''}`);
