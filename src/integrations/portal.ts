// The portal's Astro integration, loaded with astro.config.mjs. The build files' code is imported
// only for a plain `astro build`: `npm run build` builds the bundle only and writes them itself,
// and importing it with the config took a second of every bundle build. (At config time, not in
// the hooks: Astro's module loader for the config is closed by the time they run.)
import type { AstroIntegration } from 'astro';
import { fileURLToPath } from 'node:url';
import { linkPackages } from '../server/builds.ts';
import { isBundleOnly } from '../build/bundle-only.ts';

const buildFiles = isBundleOnly() ? undefined : await import('../build/build-files.ts');

/**
 * Ties the content folder to the Astro build: previews are derived before pages render (if
 * `npm run build` did not already); after, the build files are written (src/build/build-files.ts).
 * /datasets/<slug>/datapackage.json is a route (src/standards/datapackage.ts).
 */
export default function portal(): AstroIntegration {
  let outDir: string | undefined;
  return {
    name: 'crisis-portal',
    hooks: {
      'astro:config:done': ({ config }) => {
        outDir = fileURLToPath(config.outDir);
      },
      'astro:build:start': ({ logger }) => buildFiles?.deriveForPages((s) => logger.info(s)),
      // Astro imports the server code it just built to render its prerendered page (404): outside
      // the project, that code finds the portal's packages only through this link. Astro emptied
      // the folder when the build started, so the link is made here, after the server build.
      'astro:build:ssr': () => {
        if (outDir) linkPackages(outDir, process.cwd());
      },
      'astro:build:done': ({ dir, logger }) => buildFiles?.writeBuildFiles(fileURLToPath(dir), (s) => logger.info(s)),
    },
  };
}
