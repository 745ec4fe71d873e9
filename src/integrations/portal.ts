import type { AstroIntegration } from 'astro';
import { fileURLToPath } from 'node:url';
import { datasetPreview, ensurePreviews, missingPreviews, writeDerivedFiles } from '../preview/store.ts';
import { writeDataPackage } from '../preview/datapackage.ts';
import { getSite } from '../site/catalog.ts';
import { writeRuntimeFiles } from '../site/runtime-files.ts';

/**
 * Ties the content folder to the Astro build: after the pages are rendered, the
 * data files are copied next to them byte for byte (/datasets/<slug>/<path>) and
 * the catalog summary the on-demand routes read at start is written to dist/portal/.
 */
export default function portal(): AstroIntegration {
  return {
    name: 'crisis-portal',
    hooks: {
      // `npm run build` derived the previews already; `astro build` run directly derives them here.
      'astro:build:start': async ({ logger }) => {
        const { catalog } = getSite();
        if (missingPreviews(catalog) === 0) return;
        const r = await ensurePreviews(catalog, (s) => logger.info(s));
        logger.info(`computed ${r.derived} previews (${r.rows} rows)`);
      },
      'astro:build:done': async ({ dir, logger }) => {
        const clientDir = fileURLToPath(dir);
        const summary = await writeRuntimeFiles(getSite(), clientDir);
        const site = getSite();
        const derived = writeDerivedFiles(site.catalog, clientDir);
        for (const ds of site.catalog.datasets) writeDataPackage(site.catalog, ds, datasetPreview(site.catalog, ds).resources, clientDir);
        logger.info(`wrote ${derived} derived downloads and ${site.catalog.datasets.length} datapackage.json`);
        logger.info(`copied ${summary.files} data files, wrote the runtime catalog (${summary.datasets} datasets)`);
      },
    },
  };
}
