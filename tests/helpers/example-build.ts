// The example content (content/) built once for the Chromium tests that need real datasets
// (the hospital charts, the catalog's keywords): kept in tests/.tmp/ under a key of everything
// the build depends on, like the fixture (global-setup.ts), so preview.test.ts and
// phone.test.ts share one build, and a re-run with nothing changed builds nothing.
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildKey } from './global-setup.ts';
import { buildPortal, removeDir, ROOT } from './portal.ts';

const INPUTS = ['content', 'src', 'scripts', 'astro.config.mjs', 'package-lock.json', 'tsconfig.json'];

/** dist/ of the example content, built unless a build with the same key is there. */
export function exampleBuild(): string {
  const base = join(ROOT, 'tests', '.tmp');
  const name = `example-${buildKey(INPUTS)}`;
  const dist = join(base, name);
  const done = join(dist, '.build-output.txt');
  if (!existsSync(done)) {
    removeDir(dist);
    const build = buildPortal(join(ROOT, 'content'), dist);
    if (build.status !== 0) throw new Error(`building the example content failed:\n${build.output}`);
    writeFileSync(done, build.output);
  }
  for (const old of readdirSync(base)) if (old.startsWith('example-') && old !== name && old !== `${name}.builds`) removeDir(join(base, old));
  return dist;
}
