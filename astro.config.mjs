// @ts-check
import node from '@astrojs/node';
import react from '@astrojs/react';
import { defineConfig } from 'astro/config';
import portal from './src/integrations/portal.ts';

// Pages are static by default and built from the content folder (PORTAL_CONTENT);
// the few on-demand routes (catalog filters, APIs) are served by @astrojs/node.
export default defineConfig({
  output: 'static',
  adapter: node({ mode: 'standalone' }),
  integrations: [react(), portal()],
  // PORTAL_DIST builds elsewhere (tests, benchmarks); `npm run serve` reads the same variable.
  outDir: process.env.PORTAL_DIST || './dist',
  trailingSlash: 'ignore',
  build: { format: 'directory', inlineStylesheets: 'auto' },
  compressHTML: true,
  // The Content-Security-Policy allows no inline script but Astro's own island runtime (by hash,
  // src/server/http/security-headers.ts): page scripts always go to files under /_astro/, never inline.
  // No gzip size of every chunk on the build's log: seconds of a cold build, for a figure nobody reads.
  vite: { build: { assetsInlineLimit: (file) => (/\.m?js$/.test(file) ? false : undefined), reportCompressedSize: false } },
  devToolbar: { enabled: false },
  // Astro's origin check answers cross-origin POSTs with a plain-text 403, which would break the
  // rows API's one error shape for token-authenticated clients. The only cookie-authenticated form
  // (/report/<slug>/) has its own protection: a double-submit CSRF token, SameSite=Strict cookies
  // and an Origin check (src/live/session.ts).
  security: { checkOrigin: false },
  server: { host: process.env.HOST || '127.0.0.1', port: Number(process.env.PORT) || 4321 },
});
