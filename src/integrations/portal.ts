import type { AstroIntegration } from 'astro';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureFigures } from '../dashboards/derive.ts';
import { ensurePreviews, missingPreviews, writeDerivedFiles } from '../preview/store.ts';
import { getSite } from '../site/catalog.ts';
import { writeDashboardFiles, writeDashboardMaps, writeDashboardTerritories } from '../site/dashboards.ts';
import { writeRuntimeFiles } from '../site/runtime-files.ts';
import { writeStandardsFiles } from '../standards/exports.ts';
import { saveChecksumManifest } from '../lib/checksum.ts';
import { linkPackages } from '../server/builds.ts';
import { writeDatasetPages } from '../build/dataset-pages.ts';
import { collectGarbage } from '../lib/collect.ts';
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
 * files the server reads at start (dist/portal/). Called after `astro build` by the hook below,
 * and by the build itself when it reuses a bundle (src/build/freeze.ts).
 */
export async function writeBuildFiles(clientDir: string, log: (line: string) => void, bundle = ''): Promise<void> {
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
    `wrote the runtime catalog (${summary.datasets} datasets, ${summary.live} live) and the search index in ${took()} (catalog ${summary.ms.catalog} ms, search index ${summary.ms.search} ms, live ${summary.ms.live} ms), the data files placed meanwhile`,
  );
  const derived = writeDerivedFiles(site.catalog, clientDir);
  log(`wrote ${derived} derived downloads in ${took()}`);
  // The on-demand map at another day draws from this and the figures files, the on-demand
  // territory pages and their figures files from the second (docs/dashboards.md).
  writeDashboardMaps(resolve(clientDir, '..', 'portal'));
  writeDashboardTerritories(resolve(clientDir, '..', 'portal'));
  // The cards' figures files and the dashboards' API: data, compressed with the data files.
  writeDashboardFiles(clientDir);
  await writeStandardsFiles(site.catalog, clientDir);
  log(`wrote the exports, the CKAN index and the dashboard runtime files in ${took()}`);
  // Above PORTAL_ON_DEMAND_DATASETS_ABOVE datasets, what their pages and exports read when the
  // server renders them on demand (src/build/dataset-pages.ts); the build renders none of them.
  const onDemand = await writeDatasetPages(site, resolve(clientDir, '..', 'portal'), bundle);
  if (onDemand)
    log(
      `dataset pages on demand: wrote ${onDemand.written} dataset files (${onDemand.linked} linked from the cache) in ${took()} (content keys ${(onDemand.keysMs / 1000).toFixed(1)} s, used by the pages too)`,
    );
  // The data files, placed by a worker thread meanwhile (src/site/runtime-files.ts).
  const waited = Date.now();
  const placed = await summary.placed;
  log(
    `copied ${placed.files} data files (${placed.linked} linked from the previous build) in ${(placed.ms / 1000).toFixed(1)} s, alongside the parts above (waited ${((Date.now() - waited) / 1000).toFixed(1)} s)`,
  );
  saveChecksumManifest();
  // What a rebuild derived again: after one publish, that dataset's fragment in each export.
  const counts = Object.entries(fragmentCounts());
  if (counts.length > 0) log(`fragments rendered: ${counts.map(([name, c]) => `${name} ${c.rendered} of ${c.rendered + c.reused}`).join(', ')} (the others from the cache)`);
}

/**
 * Ties the content folder to the Astro build: previews are derived before pages render (if
 * `npm run build` did not already); after, the build files above are written.
 * /datasets/<slug>/datapackage.json is a route (src/standards/datapackage.ts).
 */
/**
 * `npm run build` (scripts/build.ts) starts `astro build` with this flag to build the bundle only:
 * it derives and writes the build files itself, in its own process, after Astro's has ended (so
 * the two never hold the catalog and Vite's heap at once).
 */
export const BUNDLE_ONLY = '--portal-bundle-only';

export default function portal(): AstroIntegration {
  let outDir: string | undefined;
  const bundleOnly = process.argv.includes(BUNDLE_ONLY);
  return {
    name: 'crisis-portal',
    hooks: {
      'astro:config:done': ({ config }) => {
        outDir = fileURLToPath(config.outDir);
      },
      'astro:build:start': ({ logger }) => (bundleOnly ? undefined : deriveForPages((s) => logger.info(s))),
      // Astro imports the server code it just built to render its prerendered page (404): outside
      // the project, that code finds the portal's packages only through this link. Astro emptied
      // the folder when the build started, so the link is made here, after the server build.
      'astro:build:ssr': () => {
        if (outDir) linkPackages(outDir, process.cwd());
      },
      'astro:build:done': ({ dir, logger }) => (bundleOnly ? undefined : writeBuildFiles(fileURLToPath(dir), (s) => logger.info(s))),
    },
  };
}
