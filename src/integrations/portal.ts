import type { AstroIntegration } from 'astro';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureFigures } from '../dashboards/derive.ts';
import { ensurePreviews, missingPreviews, writeDerivedFiles } from '../preview/store.ts';
import { getSite } from '../site/catalog.ts';
import { writeDashboardMaps } from '../site/dashboards.ts';
import { writeRuntimeFiles } from '../site/runtime-files.ts';
import { writeStandardsFiles } from '../standards/exports.ts';
import { saveChecksumManifest } from '../lib/checksum.ts';

/**
 * Ties the content folder to the Astro build: previews are derived before pages
 * render (if `npm run build` did not already); after, the data files are copied
 * next to the pages byte for byte (/datasets/<slug>/<path>) with their derived
 * downloads, and the runtime files the server reads at start go to dist/portal/.
 * /datasets/<slug>/datapackage.json is a static route (src/standards/datapackage.ts).
 */
export default function portal(): AstroIntegration {
  return {
    name: 'crisis-portal',
    hooks: {
      // `npm run build` derived the previews already; `astro build` run directly derives them here.
      'astro:build:start': async ({ logger }) => {
        const { catalog } = getSite();
        await ensureFigures(catalog.dashboards, catalog.datasets);
        if (missingPreviews(catalog) === 0) return;
        const r = await ensurePreviews(catalog, (s) => logger.info(s));
        logger.info(`computed ${r.derived} previews (${r.rows} rows)`);
      },
      'astro:build:done': async ({ dir, logger }) => {
        const clientDir = fileURLToPath(dir);
        const summary = await writeRuntimeFiles(getSite(), clientDir);
        // The on-demand map at another day draws from this and the figures files (docs/dashboards.md).
        writeDashboardMaps(resolve(clientDir, '..', 'portal'));
        const site = getSite();
        const derived = writeDerivedFiles(site.catalog, clientDir);
        logger.info(`wrote ${derived} derived downloads`);
        logger.info(`copied ${summary.files} data files, wrote the runtime catalog (${summary.datasets} datasets, ${summary.live} live)`);
        await writeStandardsFiles(getSite().catalog, clientDir);
        saveChecksumManifest();
      },
    },
  };
}
