import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { RuntimeCatalog } from '../site/runtime-catalog-types.ts';

/**
 * The built site's folder. `node dist/server/entry.mjs` is the usual way to
 * start the server, so its own path tells where dist/ is; PORTAL_DIST overrides.
 */
export function distDir(): string {
  if (process.env.PORTAL_DIST) return resolve(process.env.PORTAL_DIST);
  const entry = process.argv[1] ?? '';
  if (/[\\/]server[\\/]entry\.mjs$/.test(entry)) return resolve(dirname(entry), '..');
  return resolve('dist');
}

let cached: RuntimeCatalog | undefined;

export function runtimeCatalog(): RuntimeCatalog {
  if (cached) return cached;
  const file = join(distDir(), 'portal', 'catalog.json');
  if (!existsSync(file)) throw new Error(`${file} not found: run "npm run build" before serving, or set PORTAL_DIST to the built dist/ folder`);
  cached = JSON.parse(readFileSync(file, 'utf8')) as RuntimeCatalog;
  return cached;
}
