// The static pages of a build, rendered by its own Astro bundle in the build process (not by
// `astro build`), each kept in PORTAL_CACHE/pages/ under a key of everything it reads: the
// bundle, and the content it depends on. A page whose key is unchanged is linked from the cache.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Catalog } from '../content/load.ts';
import { getSite } from '../site/catalog.ts';
import { paramsKey, setFreezing } from '../site/static.ts';
import { linkOrCopy } from './bundle-cache.ts';
import { loadBuiltApp } from './built-app.ts';
import { contentKeys, KEYS_VERSION, type ContentKeys } from './keys.ts';
import { listPages, renderPage, type StaticPage } from './pages.ts';

/** Pages that read one dataset (and what every page reads), by route. */
const DATASET_ROUTES = new Set(['src/pages/[...lang]/datasets/[slug]/index.astro', 'src/pages/datasets/[slug]/[export].ts']);
/** Pages of one dashboard read the datasets of its indicators. */
const DASHBOARD_ROUTE = /\/dashboards\/\[id\]\//;

/**
 * What a page reads, as one digest. Only two kinds of pages are known to read less than the whole
 * content: a dataset's own pages and exports, and one dashboard's pages and files. Every other
 * page (home, catalog, sectors, publishers, whole-catalog exports, 404, any new route) counts as
 * reading everything.
 */
export function contentRead(page: StaticPage, keys: ContentKeys, catalog: Catalog): string {
  const c = page.route.component;
  if (DATASET_ROUTES.has(c)) {
    const key = keys.datasets.get(page.params.slug ?? '');
    if (key) return `${keys.global}:${key}`;
  }
  if (DASHBOARD_ROUTE.test(c) && page.params.id) {
    const dashboard = catalog.dashboards.find((d) => d.id === page.params.id);
    const used = dashboard ? [...new Set(dashboard.indicators.map((i) => i.dataset))].sort().map((slug) => keys.datasets.get(slug)) : [undefined];
    if (!used.includes(undefined)) return `${keys.global}:${used.join(':')}`;
  }
  return keys.all;
}

export interface FreezeResult {
  pages: number;
  /** Addresses rendered in this build (the others came from the cache). */
  rendered: string[];
  /** Time to load the bundle and list its pages. */
  loadMs: number;
}

/** Render (or link from `cacheDir`) every static page of the build in `build` into its client folder. */
export async function freeze(build: string, bundleKey: string, cacheDir: string): Promise<FreezeResult> {
  const site = getSite();
  const keys = contentKeys(site.catalog, site.ui);
  const clientDir = join(build, 'client');
  setFreezing(true);
  try {
    const started = Date.now();
    const built = await loadBuiltApp(build);
    const pages = await listPages(built);
    const loadMs = Date.now() - started;
    const rendered: string[] = [];
    for (const page of pages) {
      const key = createHash('sha256')
        .update(`page ${KEYS_VERSION}\0${bundleKey}\0${page.route.component}\0${paramsKey(page.params)}\0${contentRead(page, keys, site.catalog)}`)
        .digest('hex');
      const cached = join(cacheDir, key.slice(0, 2), key);
      if (!existsSync(cached)) {
        const bytes = await renderPage(built, page);
        mkdirSync(dirname(cached), { recursive: true });
        const temporary = `${cached}.tmp-${process.pid}`;
        writeFileSync(temporary, bytes);
        renameSync(temporary, cached);
        rendered.push(page.address);
      }
      linkOrCopy(cached, join(clientDir, page.file));
    }
    return { pages: pages.length, rendered, loadMs };
  } finally {
    setFreezing(false);
  }
}
