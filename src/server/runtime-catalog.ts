import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RuntimeCatalog } from '../site/runtime-catalog-types.ts';
import { textSetting } from '../settings.ts';

/**
 * The build this module is part of, when it runs from a build's server/ folder (Vite keeps
 * import.meta.url as the chunk's own address): a server that switched to a newer build keeps
 * answering the requests in flight on the older one with that build's own files.
 */
const ownBuild = (() => {
  if (!import.meta.url.startsWith('file:')) return undefined;
  for (let dir = dirname(fileURLToPath(import.meta.url)); dir !== dirname(dir); dir = dirname(dir)) {
    if (basename(dir) === 'server' && existsSync(join(dir, 'entry.mjs')) && existsSync(join(dir, '..', 'portal'))) return resolve(dir, '..');
  }
  return undefined;
})();

/**
 * The built site's folder: the build this code was bundled into; otherwise PORTAL_DIST (set by
 * scripts/serve.ts); when dist/server/entry.mjs is run directly, its own path tells where dist/ is.
 */
export function distDir(): string {
  if (ownBuild) return ownBuild;
  const dist = textSetting('PORTAL_DIST');
  if (dist) return resolve(dist);
  const entry = process.argv[1] ?? '';
  if (/[\\/]server[\\/]entry\.mjs$/.test(entry)) return resolve(dirname(entry), '..');
  return resolve('dist');
}

const loaded = new Map<string, unknown>();

/**
 * A file the build wrote to dist/portal/ for the server (catalog.json, ckan.json,
 * search-index.json…), read once on first use and kept: no request reads the content folder.
 */
export function runtimeFile<T>(name: string, options: { keep?: boolean } = {}): T {
  if (loaded.has(name)) return loaded.get(name) as T;
  const file = join(distDir(), 'portal', name);
  if (!existsSync(file)) throw new Error(`${file} not found: run "npm run build" before serving, or set PORTAL_DIST to the built dist/ folder`);
  const value = JSON.parse(readFileSync(file, 'utf8')) as T;
  // A file turned into another structure by its caller (the search index) is not kept twice.
  if (options.keep !== false) loaded.set(name, value);
  return value;
}

export function runtimeCatalog(): RuntimeCatalog {
  return runtimeFile<RuntimeCatalog>('catalog.json');
}
