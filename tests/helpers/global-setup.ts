// Builds the fixture portal once and hands its dist/ folder to every test file
// (inject('fixtureDist')): test files start their own servers from it, so no two Astro builds
// run at once. The build is kept in tests/.tmp/ under a key of everything it depends on (the
// fixture, src/, the build scripts, the lockfile), so the integration and e2e projects, and CI
// running them one after the other, build each fixture once.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildPortal, removeDir, ROOT } from './portal.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    fixtureDist: string;
    fixtureBuildOutput: string;
  }
}

const INPUTS = ['tests/fixtures/portal-valid', 'src', 'scripts', 'astro.config.mjs', 'package-lock.json', 'tsconfig.json'];

/** A digest of every file a build of `inputs` depends on (paths and bytes). */
export function buildKey(inputs: readonly string[] = INPUTS): string {
  const hash = createHash('sha256');
  for (const input of inputs) {
    const abs = join(ROOT, input);
    const files = statSync(abs).isDirectory()
      ? readdirSync(abs, { recursive: true, withFileTypes: true })
          .filter((e) => e.isFile())
          .map((e) => join(e.parentPath, e.name))
      : [abs];
    for (const file of files.sort()) hash.update(relative(ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

export default function setup(project: TestProject) {
  const base = join(ROOT, 'tests', '.tmp');
  const name = `fixture-${buildKey()}`;
  const dist = join(base, name);
  const done = join(dist, '.build-output.txt');
  if (!existsSync(done)) {
    removeDir(dist);
    const build = buildPortal(join(ROOT, 'tests', 'fixtures', 'portal-valid'), dist);
    if (build.status !== 0) throw new Error(`building the fixture portal failed:\n${build.output}`);
    writeFileSync(done, build.output);
  }
  // Older builds of the fixture are of no further use.
  if (existsSync(base)) for (const old of readdirSync(base)) if (old.startsWith('fixture-') && old !== name && old !== `${name}.builds`) removeDir(join(base, old));
  project.provide('fixtureDist', dist);
  project.provide('fixtureBuildOutput', readFileSync(done, 'utf8'));
}
