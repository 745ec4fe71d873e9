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
  devToolbar: { enabled: false },
  server: { host: process.env.HOST || '127.0.0.1', port: Number(process.env.PORT) || 4321 },
});
