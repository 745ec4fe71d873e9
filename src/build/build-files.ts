// The files of a build besides its Astro bundle and static pages, written by `npm run build`
// (scripts/build.ts) and, for a plain `astro build`, by the portal integration
// (src/integrations/portal.ts), which imports this module only when it needs it.
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ensureFigures } from '../dashboards/derive.ts';
import { ensurePreviews, missingPreviews, writeDerivedFilesAside } from '../preview/store.ts';
import { getSite } from '../site/catalog.ts';
import { writeDashboardFiles, writeDashboardMaps, writeDashboardTerritories } from '../site/dashboards.ts';
import { writeRuntimeFiles } from '../site/runtime-files.ts';
import { writeStandardsFiles } from '../standards/exports.ts';
import { saveChecksumManifest } from '../lib/checksum.ts';
import { writeDatasetPages } from './dataset-pages.ts';
import { collectGarbage } from '../lib/collect.ts';
import { inWorker, runUnstartedHere } from '../lib/in-worker.ts';
import { compressIntoCache, IN_MEMORY_MAX } from '../server/http/precompress.ts';
import { CATALOG_EXPORTS } from '../standards/registry.ts';
import { fragmentCounts } from '../standards/fragments.ts';

/** What pages read besides the content: dashboard figures and previews (`npm run build` derived the previews already). */
export async function deriveForPages(log: (line: string) => void): Promise<void> {
  const { catalog } = getSite();
  await ensureFigures(catalog.dashboards, catalog.datasets);
  if (missingPreviews(catalog) === 0) return;
  const r = await ensurePreviews(catalog, log);
  log(`computed ${r.derived} previews (${r.rows} rows)`);
}

/**
 * The files of a build besides its pages: the data files copied next to the pages byte for byte
 * (/datasets/<slug>/files/<path>) with their derived downloads, the exports, and the runtime
 * files the server reads at start (dist/portal/). Called after `astro build` by the portal integration,
 * and by the build itself when it reuses a bundle (src/build/freeze.ts).
 */
export async function writeBuildFiles(clientDir: string, log: (line: string) => void, bundle = '', compressedCache?: string): Promise<void> {
  const site = getSite();
  // Each part's time on the build's log: what a rebuild after one publish spends its time on.
  let mark = Date.now();
  // Each part leaves hundreds of megabytes of garbage at 10,000 datasets (the search index, the
  // exports): collected before the next starts, so the peak is one part's, not their sum.
  const took = () => {
    collectGarbage();
    const s = ((Date.now() - mark) / 1000).toFixed(1);
    mark = Date.now();
    return `${s} s`;
  };
  const summary = await writeRuntimeFiles(site, clientDir);
  log(
    `wrote the runtime catalog (${summary.datasets} datasets, ${summary.live} live) in ${took()} (catalog ${summary.ms.catalog} ms, search documents ${summary.ms.search} ms, live ${summary.ms.live} ms); the data files placed and the search index built meanwhile`,
  );
  // The derived downloads, placed by a worker thread from here on (src/preview/store.ts).
  const derived = writeDerivedFilesAside(site.catalog, clientDir);
  // The on-demand map at another day draws from this and the figures files, the on-demand
  // territory pages and their figures files from the second (docs/dashboards.md).
  writeDashboardMaps(resolve(clientDir, '..', 'portal'));
  writeDashboardTerritories(resolve(clientDir, '..', 'portal'));
  // The cards' figures files and the dashboards' API: data, compressed with the data files.
  writeDashboardFiles(clientDir);
  await writeStandardsFiles(site.catalog, clientDir);
  // With the cache precompression reads (`npm run build`), the large exports' compressed copies
  // are made on the worker thread from here on, not at the end with nothing else to do.
  const compressed = compressedCache ? compressAside(clientDir, compressedCache) : [];
  log(`wrote the exports, the CKAN index and the dashboard runtime files in ${took()}`);
  // Above PORTAL_ON_DEMAND_DATASETS_ABOVE datasets, what their pages and exports read when the
  // server renders them on demand (src/build/dataset-pages.ts); the build renders none of them.
  const onDemand = await writeDatasetPages(site, resolve(clientDir, '..', 'portal'), bundle);
  if (onDemand)
    log(
      `dataset pages on demand: wrote ${onDemand.written} dataset files (${onDemand.linked} linked from the cache) in ${took()} (content keys ${(onDemand.keysMs / 1000).toFixed(1)} s, used by the pages too)`,
    );
  let waited = Date.now();
  // What the worker thread has not started yet is done here, rather than waited for.
  await runUnstartedHere();
  const linked = await derived;
  log(`wrote ${linked.files} derived downloads in ${(linked.ms / 1000).toFixed(1)} s, alongside the parts above (waited ${((Date.now() - waited) / 1000).toFixed(1)} s)`);
  // The search index, built by a worker thread meanwhile (src/search/index-file.ts).
  waited = Date.now();
  const indexed = await summary.indexed;
  log(`built the search index in ${(indexed.ms / 1000).toFixed(1)} s, alongside the parts above (waited ${((Date.now() - waited) / 1000).toFixed(1)} s)`);
  // The data files, placed by a worker thread meanwhile (src/site/runtime-files.ts).
  waited = Date.now();
  const placed = await summary.placed;
  log(
    `copied ${placed.files} data files (${placed.linked} linked from the previous build) in ${(placed.ms / 1000).toFixed(1)} s, alongside the parts above (waited ${((Date.now() - waited) / 1000).toFixed(1)} s)`,
  );
  waited = Date.now();
  await Promise.all(compressed);
  if (compressed.length > 0) log(`compressed ${compressed.length} large exports alongside the parts above (waited ${((Date.now() - waited) / 1000).toFixed(1)} s)`);
  saveChecksumManifest();
  // What a rebuild derived again: after one publish, that dataset's fragment in each export.
  const counts = Object.entries(fragmentCounts());
  if (counts.length > 0) log(`fragments rendered: ${counts.map(([name, c]) => `${name} ${c.rendered} of ${c.rendered + c.reused}`).join(', ')} (the others from the cache)`);
}

/** The whole-catalog exports above 1 MB (DCAT, Data Package…), compressed into `cacheDir` on the worker thread. */
function compressAside(clientDir: string, cacheDir: string): Promise<void>[] {
  return CATALOG_EXPORTS.flatMap((entry) => {
    const file = join(clientDir, entry.file);
    let size = 0;
    try {
      size = statSync(file).size;
    } catch {
      return [];
    }
    if (size <= IN_MEMORY_MAX) return [];
    const input = { file, rel: entry.file, cacheDir };
    return [inWorker(new URL('../server/http/precompress.ts', import.meta.url), 'compressIntoCache', input, () => compressIntoCache(input))];
  });
}
