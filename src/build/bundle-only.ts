// `npm run build` (scripts/build.ts) starts `astro build` with this flag to build the bundle only:
// it derives and writes the build files and renders the static pages itself, in its own process,
// after Astro's has ended (so the two never hold the catalog and Vite's heap at once).
export const BUNDLE_ONLY = '--portal-bundle-only';

/** Whether this process is such an `astro build`. */
export function isBundleOnly(): boolean {
  return process.argv.includes(BUNDLE_ONLY);
}
