// The static pages of a build, rendered by its own Astro bundle in the build process (not by
// `astro build`), each kept in PORTAL_CACHE/pages/ under a key of everything it reads: the
// bundle, and the content it depends on. A page whose key is unchanged is linked from the cache.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
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
/** Pages of one dashboard read the datasets of its indicators and its population table. */
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
    // Its indicators' datasets and the population table of its per-100,000 rates.
    const slugs = dashboard ? [...dashboard.indicators.map((i) => i.dataset), ...(dashboard.config.population ? [dashboard.config.population.dataset] : [])] : [];
    const used = dashboard ? [...new Set(slugs)].sort().map((slug) => keys.datasets.get(slug)) : [undefined];
    if (!used.includes(undefined)) return `${keys.global}:${used.join(':')}`;
  }
  return keys.all;
}

/** Cache entries no build linked for this long are removed (at most once a day). */
const MAX_UNUSED_MS = 30 * 86_400_000;

/**
 * Drop pages no build used for a month, and temporary files of a build that died. Linking an
 * entry into a build changes its inode's ctime, so the ctime is when it was last used.
 */
export function prunePages(cacheDir: string, now = Date.now()): number {
  const stamp = join(cacheDir, '.pruned');
  if (!existsSync(cacheDir) || (existsSync(stamp) && now - statSync(stamp).mtimeMs < 86_400_000)) return 0;
  writeFileSync(stamp, '');
  let removed = 0;
  for (const sub of readdirSync(cacheDir)) {
    const dir = join(cacheDir, sub);
    if (!statSync(dir).isDirectory()) continue;
    for (const name of readdirSync(dir)) {
      const file = join(dir, name);
      const st = statSync(file);
      if (name.includes('.tmp-') ? now - st.mtimeMs > 3_600_000 : now - st.ctimeMs > MAX_UNUSED_MS) {
        rmSync(file, { force: true });
        removed++;
      }
    }
  }
  return removed;
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
    prunePages(cacheDir);
    return { pages: pages.length, rendered, loadMs };
  } finally {
    setFreezing(false);
  }
}
