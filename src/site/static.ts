import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LoadedDataset } from '../content/load.ts';
import { langParam } from '../i18n/paths.ts';
import { getSite } from './catalog.ts';
import { pageContext, type PageContext } from './context.ts';
import type { RuntimeCatalog, RuntimeDataset } from './runtime-catalog-types.ts';
import { cachedRuntimeCatalog } from './runtime-files.ts';

let summary: { key: object; value: RuntimeCatalog } | undefined;

/** The same summary the server reads at start, computed once per build for static pages. */
export function buildSummary(): RuntimeCatalog {
  const site = getSite();
  if (summary?.key !== site) summary = { key: site, value: cachedRuntimeCatalog(site.catalog, site.ui) };
  return summary.value;
}

/** staticPaths entries for a page that exists once per language. */
export function languagePaths() {
  const { portal } = getSite().catalog;
  return portal.languages.map((lang) => ({ params: { lang: langParam(lang, portal.defaultLanguage) }, props: { lang } }));
}

/**
 * staticPaths entries for one page per item and language. An item's pages come one after the
 * other (Astro renders in this order), so what they share — a dataset's previews — is read once.
 */
export function itemPaths<T, K extends string>(items: readonly T[], param: K, id: (item: T) => string) {
  const { portal } = getSite().catalog;
  return items.flatMap((item) =>
    portal.languages.map((lang) => ({ params: { lang: langParam(lang, portal.defaultLanguage), [param]: id(item) } as { lang: string | undefined } & Record<K, string>, props: { lang, item } })),
  );
}

export function staticContext(lang: string, path: string): PageContext {
  const s = buildSummary();
  return pageContext(s.portal, s.ui, lang, path);
}

const bySlug = new Map<object, Map<string, RuntimeDataset>>();

/** The card summary of a dataset. */
export function summaryOf(ds: LoadedDataset): RuntimeDataset {
  const s = buildSummary();
  let map = bySlug.get(s);
  if (!map) {
    map = new Map(s.datasets.map((d) => [d.slug, d]));
    bySlug.set(s, map);
  }
  return map.get(ds.slug)!;
}

/**
 * How many datasets a sector or publisher page lists. A listing of every dataset made each such
 * page megabytes at 10,000 datasets (2,500 items each), and every publish rendered them all
 * again; the rest are one link away, in the catalog search (paginated, filtered, no JavaScript
 * needed).
 */
export const LISTING_LIMIT = 50;

/** The `limit` most recently updated of some datasets, and how many there are in all. */
export function newestOf(list: readonly LoadedDataset[], limit = LISTING_LIMIT): { shown: RuntimeDataset[]; total: number } {
  return { shown: byUpdated(list.map(summaryOf)).slice(0, limit), total: list.length };
}

/** Datasets newest first, then by slug so the order is stable. */
export function byUpdated<T extends { updated: string; slug: string }>(list: readonly T[]): T[] {
  return [...list].sort((a, b) => (a.updated === b.updated ? a.slug.localeCompare(b.slug) : a.updated < b.updated ? 1 : -1));
}

/** How many items share each value of a key: datasets per sector, per publisher. */
export function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

/**
 * Static pages are on-demand routes of the Astro bundle (`prerender = false`) that only the build
 * renders: src/build/freeze.ts requests each address of their `staticPaths()` in the build process
 * and writes the answer where Astro would have, so the bundle is built once per source and reused
 * for every content change. Served, such a route answers 404: its files are on disk.
 */
const FREEZING = Symbol.for('crisis-portal.freezing');
const flags = globalThis as typeof globalThis & { [FREEZING]?: boolean };

/** Called by the build around rendering the static pages. */
export function setFreezing(on: boolean): void {
  flags[FREEZING] = on;
}

type StaticEntry = { params: Record<string, string | undefined>; props: unknown };

/** One key per set of route parameters: the default language's prefix is undefined. */
export function paramsKey(params: Readonly<Record<string, string | undefined>>): string {
  return JSON.stringify(
    Object.keys(params)
      .sort()
      .map((k) => [k, params[k] ?? null]),
  );
}

const resolved = new WeakMap<() => readonly StaticEntry[], { site: object; byKey: Map<string, unknown> }>();

/**
 * The props `staticPaths()` gives these parameters (what Astro.props held when the page was
 * prerendered), computed once per route and build; undefined for an unknown address and
 * whenever the build is not rendering (a served request).
 */
export function staticProps(params: Readonly<Record<string, string | undefined>>, paths: () => readonly StaticEntry[]): unknown {
  if (!flags[FREEZING]) return undefined;
  const site = getSite();
  let memo = resolved.get(paths);
  if (memo?.site !== site) {
    memo = { site, byKey: new Map(paths().map((e) => [paramsKey(e.params), e.props])) };
    resolved.set(paths, memo);
  }
  return memo.byKey.get(paramsKey(params));
}

let notFoundHtml: string | undefined;

/**
 * What a static endpoint answers to a served request: the 404 page, as Astro answers an address
 * no route serves (an endpoint's 404 is never replaced by the error page). The page is the build's
 * own dist/client/404.html, found from this module's place in dist/server/.
 */
export function notFoundFile(): Response {
  if (notFoundHtml === undefined) {
    notFoundHtml = '';
    for (let dir = dirname(fileURLToPath(import.meta.url)); dir !== dirname(dir); dir = dirname(dir)) {
      if (basename(dir) === 'server' && existsSync(join(dir, 'entry.mjs'))) {
        const page = join(dir, '..', 'client', '404.html');
        if (existsSync(page)) notFoundHtml = readFileSync(page, 'utf8');
        break;
      }
    }
  }
  return new Response(notFoundHtml || null, { status: 404, headers: { 'Content-Type': 'text/html; charset=utf-8' } });
}
