// Scratch folders for the benchmarks, inside the repository (.bench/, ignored by git), next to
// the node_modules a built portal's server imports from (a build elsewhere gets a link to them,
// src/server/builds.ts linkPackages).
import { mkdirSync, mkdtempSync } from 'node:fs';
import { join, resolve } from 'node:path';

const BENCH = resolve(import.meta.dirname, '..', '..', '.bench');

export function benchDir(prefix: string): string {
  mkdirSync(BENCH, { recursive: true });
  return mkdtempSync(join(BENCH, prefix));
}
