// SHA-256 of every data file, computed once per build and shared by every export that lists them
// (DCAT, Data Package, CKAN).
import type { Catalog } from '../content/load.ts';
import { sha256Files } from '../lib/checksum.ts';
import { dataFiles } from './urls.ts';

const CACHE = Symbol.for('crisis-portal.checksums');
const store = globalThis as typeof globalThis & { [CACHE]?: { catalog: Catalog; value: Promise<Map<string, string>> } };

/** SHA-256 of every data file of the catalog, computed once per build (and process). */
export function catalogChecksums(catalog: Catalog): Promise<Map<string, string>> {
  if (store[CACHE]?.catalog !== catalog) store[CACHE] = { catalog, value: sha256Files(dataFiles(catalog)) };
  return store[CACHE].value;
}
