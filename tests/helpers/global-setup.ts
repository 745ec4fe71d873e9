// Builds the fixture portal once per test run and hands its dist/ folder to every
// test file (inject('fixtureDist')): test files start their own servers from it,
// so no two Astro builds run at once in the same project.
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildPortal, removeDir } from './portal.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    fixtureDist: string;
    fixtureBuildOutput: string;
  }
}

export default function setup(project: TestProject) {
  const build = buildPortal(join(import.meta.dirname, '..', 'fixtures', 'portal-valid'));
  if (build.status !== 0) throw new Error(`building the fixture portal failed:\n${build.output}`);
  project.provide('fixtureDist', build.dist);
  project.provide('fixtureBuildOutput', build.output);
  return () => removeDir(build.dist);
}
