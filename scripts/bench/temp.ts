// Scratch folders for the benchmarks, inside the repository (.bench/, ignored by git): a built
// portal's server imports its dependencies from node_modules, which Node finds only from a
// folder inside the project.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { join, resolve } from 'node:path';

const BENCH = resolve(import.meta.dirname, '..', '..', '.bench');

export function benchDir(prefix: string): string {
  mkdirSync(BENCH, { recursive: true });
  return mkdtempSync(join(BENCH, prefix));
}
