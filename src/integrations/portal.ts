import type { AstroIntegration } from 'astro';
import { fileURLToPath } from 'node:url';
import { getSite } from '../site/catalog.ts';
import { writeRuntimeFiles } from '../site/runtime-files.ts';
import { writeStandardsFiles } from '../standards/exports.ts';

/**
 * Ties the content folder to the Astro build: after the pages are rendered, the
 * data files are copied next to them byte for byte (/datasets/<slug>/<path>) and
 * the catalog summary the on-demand routes read at start is written to dist/portal/.
 */
export default function portal(): AstroIntegration {
  return {
    name: 'crisis-portal',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const clientDir = fileURLToPath(dir);
        const summary = await writeRuntimeFiles(getSite(), clientDir);
        logger.info(`copied ${summary.files} data files, wrote the runtime catalog (${summary.datasets} datasets, ${summary.live} live)`);
        await writeStandardsFiles(getSite().catalog, clientDir);
      },
    },
  };
}
