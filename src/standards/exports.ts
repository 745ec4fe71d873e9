// What the build writes for the server's open-standards APIs: the CKAN index (dist/portal/ckan.json).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Catalog } from '../content/load.ts';
import { catalogChecksums } from './checksums.ts';
import { ckanIndex } from './ckan.ts';

/** Write dist/portal/ckan.json, which the CKAN API routes read once at server start. */
export async function writeStandardsFiles(catalog: Catalog, clientDir: string): Promise<{ bytes: number }> {
  const index = ckanIndex(catalog, await catalogChecksums(catalog));
  const dir = resolve(clientDir, '..', 'portal');
  mkdirSync(dir, { recursive: true });
  const text = JSON.stringify(index);
  writeFileSync(join(dir, 'ckan.json'), text);
  return { bytes: Buffer.byteLength(text) };
}
