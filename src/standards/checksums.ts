// SHA-256 of every data file, computed once per build and shared by every export that lists them
// (DCAT, Data Package, CKAN).
import type { Catalog } from '../content/load.ts';
import { sha256Files } from '../lib/checksum.ts';
import { dataFiles } from './urls.ts';

const CACHE = Symbol.for('crisis-portal.checksums');
const store = globalThis as typeof globalThis & { [CACHE]?: { catalog: Catalog; value: Promise<Map<string, string>> } };

const given = new WeakMap<Catalog, Promise<Map<string, string>>>();

/**
 * The checksums of a catalog whose files are not at hand: the one-dataset catalog of a page
 * rendered on demand, whose checksums the build wrote for it (src/site/dataset-page.ts).
 */
export function giveChecksums(catalog: Catalog, checksums: Map<string, string>): void {
  given.set(catalog, Promise.resolve(checksums));
}

/** SHA-256 of every data file of the catalog, computed once per build (and process). */
export function catalogChecksums(catalog: Catalog): Promise<Map<string, string>> {
  const known = given.get(catalog);
  if (known) return known;
  if (store[CACHE]?.catalog !== catalog) store[CACHE] = { catalog, value: sha256Files(dataFiles(catalog)) };
  return store[CACHE].value;
}
