import { createHash } from 'node:crypto';
import { existsSync, realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { ContentError, type ContentIssue } from '../content/issues.ts';
import { loadContent, type Catalog } from '../content/load.ts';
import { useLoadCache } from '../content/load-cache.ts';
import { loadUiStrings } from '../content/ui-strings.ts';
import type { UiStrings } from '../i18n/index.ts';
import { useChecksumManifest } from '../lib/checksum.ts';
import { buildCacheDir, textSetting } from '../settings.ts';

/** The content folder: PORTAL_CONTENT, or ./content. */
export function contentRoot(): string {
  return resolve(textSetting('PORTAL_CONTENT') ?? 'content');
}

/**
 * Open the checksum manifest of a content folder (one per folder, in PORTAL_CACHE/checksums/):
 * each build step of one build, and the next build, reuse the checksums of unchanged files
 * instead of reading them again. Previews and validation results are keyed by the checksums.
 */
export function useBuildChecksums(root = contentRoot()): void {
  const id = createHash('sha1')
    .update(existsSync(root) ? realpathSync(root) : root)
    .digest('hex')
    .slice(0, 16);
  useChecksumManifest(buildCacheDir('checksums', `${id}.json`), root);
  // Loaded datasets, by content (src/content/load-cache.ts): a rebuild loads only what changed.
  useLoadCache(buildCacheDir('loaded.v8'));
}

type Site = { root: string; catalog: Catalog; ui: Record<string, UiStrings> };
// Astro loads this module twice in one build (once for the pages, once for the
// integration in the config): keep the catalog on globalThis so content is read once.
const CACHE = Symbol.for('crisis-portal.site');
const store = globalThis as typeof globalThis & { [CACHE]?: Site };

/**
 * The catalog for building pages, read once per build. The build script has
 * validated the folder already; an invalid folder here means `astro build`
 * was run directly, so fail with the same list of errors.
 */
export function getCatalog(): Catalog {
  return getSite().catalog;
}

/**
 * Build the pages from a catalog this process already loaded and validated (`npm run build` with a
 * kept bundle validates and renders in one process): the content is read once.
 */
export function useLoadedCatalog(catalog: Catalog): void {
  const issues: ContentIssue[] = [];
  const ui = loadUiStrings(catalog.root, issues);
  if (issues.length === 0 && catalog.root === contentRoot()) store[CACHE] = { root: catalog.root, catalog, ui };
}

export function getSite(): { catalog: Catalog; ui: Record<string, UiStrings> } {
  const root = contentRoot();
  const cached = store[CACHE];
  if (cached?.root === root) return cached;
  useBuildChecksums(root);
  const { catalog, issues } = loadContent(root);
  const ui = loadUiStrings(root, issues);
  if (!catalog || issues.length > 0) throw new ContentError(issues);
  store[CACHE] = { root, catalog, ui };
  return store[CACHE];
}
