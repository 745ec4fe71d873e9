// What the build writes for open standards: checksums once per build, the CKAN index
// for the server (dist/portal/ckan.json), shared by the static endpoints.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Catalog } from '../content/load.ts';
import { sha256Files } from '../lib/checksum.ts';
import { ckanIndex } from './ckan.ts';
import { dataFiles } from './urls.ts';

const CACHE = Symbol.for('crisis-portal.checksums');
const store = globalThis as typeof globalThis & { [CACHE]?: { catalog: Catalog; value: Promise<Map<string, string>> } };

/** SHA-256 of every data file of the catalog, computed once per build (and process). */
export function catalogChecksums(catalog: Catalog): Promise<Map<string, string>> {
  if (store[CACHE]?.catalog !== catalog) store[CACHE] = { catalog, value: sha256Files(dataFiles(catalog)) };
  return store[CACHE].value;
}

/** Write dist/portal/ckan.json, which the CKAN API routes read once at server start. */
export async function writeStandardsFiles(catalog: Catalog, clientDir: string): Promise<{ bytes: number }> {
  const index = ckanIndex(catalog, await catalogChecksums(catalog));
  const dir = resolve(clientDir, '..', 'portal');
  mkdirSync(dir, { recursive: true });
  const text = JSON.stringify(index);
  writeFileSync(join(dir, 'ckan.json'), text);
  return { bytes: Buffer.byteLength(text) };
}
