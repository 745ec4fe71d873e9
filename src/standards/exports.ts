// What the build writes for the server's open-standards APIs: the CKAN index (dist/portal/ckan.json).
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Catalog } from '../content/load.ts';
import { catalogChecksums } from './checksums.ts';
import { ckanFrame, ckanIndexEnds, ckanIndexText, ckanPackage, packageContext } from './ckan.ts';
import { contextKey, datasetFragmentKey, FragmentStore } from './fragments.ts';
import { CATALOG_EXPORTS } from './registry.ts';
import { collectGarbage } from '../lib/collect.ts';

/**
 * JSON.stringify(ckanIndex(catalog, checksums)), each package from the build cache when what it
 * reads is unchanged (its dataset, what it shows of its organization and group, the portal): a rebuild
 * after one new dataset renders one package.
 */
export async function ckanIndexJson(catalog: Catalog): Promise<{ text: string; rendered: number; reused: number }> {
  const { frame, packages, rendered, reused } = await ckanPackages(catalog);
  return { text: ckanIndexText(frame, packages), rendered, reused };
}

async function ckanPackages(catalog: Catalog) {
  const checksums = await catalogChecksums(catalog);
  const frame = ckanFrame(catalog);
  const store = new FragmentStore('ckan');
  const context = contextKey(catalog);
  const packages = catalog.datasets.map((ds) =>
    store.get(`${context}\0${JSON.stringify(packageContext(frame, ds))}\0${datasetFragmentKey(catalog, ds, checksums)}`, () => JSON.stringify(ckanPackage(catalog, frame, ds, checksums))),
  );
  store.save();
  return { frame, packages, rendered: store.rendered, reused: store.reused };
}

/**
 * Write dist/portal/ckan.json, which the CKAN API routes read once at server start, and the
 * whole-catalog exports the registry writes straight to a file (catalog.jsonld, catalog.ttl).
 */
export async function writeStandardsFiles(catalog: Catalog, clientDir: string): Promise<{ bytes: number }> {
  for (const entry of CATALOG_EXPORTS) {
    if (!entry.write) continue;
    await entry.write(catalog, join(clientDir, entry.file));
    // Each leaves its nodes' texts as garbage (a few hundred megabytes at 10,000 datasets).
    collectGarbage();
  }
  // Written a package at a time, the bytes ckanIndexJson's text has: at 10,000 datasets, that
  // text (38 MB), its joined packages and their UTF-8 copy were the build's peak of memory.
  const { frame, packages } = await ckanPackages(catalog);
  const [head, tail] = ckanIndexEnds(frame);
  const dir = resolve(clientDir, '..', 'portal');
  mkdirSync(dir, { recursive: true });
  const out = openSync(join(dir, 'ckan.json'), 'w');
  let bytes = 0;
  try {
    bytes += writeSync(out, head);
    packages.forEach((p, i) => (bytes += writeSync(out, i === 0 ? p : `,${p}`)));
    bytes += writeSync(out, tail);
  } finally {
    closeSync(out);
  }
  return { bytes };
}
