// The static pages of a build, rendered by its own Astro bundle in the build process (not by
// `astro build`), each kept in PORTAL_CACHE/pages/ under a key of everything it reads: the
// bundle, and the content it depends on. A page whose key is unchanged is linked from the cache.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { copyFile, link, rm, writeFile } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';
import type { Catalog } from '../content/load.ts';
import { getSite } from '../site/catalog.ts';
import { paramsKey, setFreezing } from '../site/static.ts';
import { compressBuffer, type Handled, IN_MEMORY_MAX, isCompressible, levels, MIN_SIZE } from '../server/http/precompress.ts';
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
    const names = readdirSync(dir);
    const kept = new Set<string>();
    // A page first: its copies (`<key>.br`, `.gz`, `.none`) go with it.
    for (const name of names) {
      if (name.includes('.')) continue;
      const file = join(dir, name);
      if (now - statSync(file).ctimeMs > MAX_UNUSED_MS) {
        rmSync(file, { force: true });
        removed++;
      } else kept.add(name);
    }
    for (const name of names) {
      if (!name.includes('.')) continue;
      const file = join(dir, name);
      if (name.includes('.tmp-') ? now - statSync(file).mtimeMs > 3_600_000 : !kept.has(name.slice(0, name.indexOf('.')))) {
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
  /** The files whose compressed copies were made (or linked) here, for precompress(). */
  compressed: Map<string, Handled>;
}

/** Pages written and compressed at once, behind the one being rendered. */
const IN_FLIGHT = 8;

/** `link`, replacing a file already there (a page over one of `astro build`'s), copying across file systems. */
async function linkInto(from: string, to: string): Promise<void> {
  try {
    await link(from, to);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      await rm(to, { force: true });
      return linkInto(from, to);
    }
    if (code !== 'EXDEV' && code !== 'EPERM') throw e;
    await copyFile(from, to);
  }
}

/**
 * Render (or link from `cacheDir`) every static page of the build in `build` into its client
 * folder, with its brotli and gzip copies (src/server/http/precompress.ts).
 *
 * A rendered page is written into the build, then linked into the cache under its key (the link
 * makes the entry appear complete), and compressed on libuv's thread pool while the main thread
 * renders the next pages; its copies are kept in the cache next to it (`<key>.br`, `<key>.gz`, or
 * an empty `<key>.none` when they are not worth it). A page from the cache is linked with its
 * copies: no page file is read again, nor compressed.
 */
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
    const compressed = new Map<string, Handled>();
    // What the cache holds, read once (one listing per folder instead of a lookup per page).
    const cached = new Set<string>();
    for (let i = 0; i < 256; i++) {
      const sub = join(cacheDir, i.toString(16).padStart(2, '0'));
      mkdirSync(sub, { recursive: true });
      for (const name of readdirSync(sub)) cached.add(name);
    }
    const made = new Set<string>();
    const folder = (file: string) => {
      const dir = dirname(file);
      if (!made.has(dir)) {
        mkdirSync(dir, { recursive: true });
        made.add(dir);
      }
    };
    const inFlight = new Set<Promise<void>>();
    let failure: unknown;
    const later = (task: Promise<void>) => {
      const p = task.then(
        () => void inFlight.delete(p),
        (e: unknown) => {
          failure ??= e;
          inFlight.delete(p);
        },
      );
      inFlight.add(p);
    };
    for (const page of pages) {
      if (failure) throw failure;
      const key = createHash('sha256')
        .update(`page ${KEYS_VERSION}\0${bundleKey}\0${page.route.component}\0${paramsKey(page.params)}\0${contentRead(page, keys, site.catalog)}`)
        .digest('hex');
      const entry = join(cacheDir, key.slice(0, 2), key);
      const target = join(clientDir, page.file);
      const address = `/${page.file.split(sep).join('/')}`;
      folder(target);
      if (cached.has(key)) {
        if (cached.has(`${key}.gz`)) {
          later(Promise.all([linkInto(entry, target), linkInto(`${entry}.br`, `${target}.br`), linkInto(`${entry}.gz`, `${target}.gz`)]).then(() => undefined));
          compressed.set(address, { copies: true });
        } else {
          // An entry kept before pages were compressed with it is left to precompress().
          if (cached.has(`${key}.none`)) compressed.set(address, { copies: false });
          later(linkInto(entry, target));
        }
        continue;
      }
      const bytes = await renderPage(built, page);
      rendered.push(page.address);
      const rel = address.slice(1);
      const wanted = isCompressible(rel) && bytes.length >= MIN_SIZE && bytes.length <= IN_MEMORY_MAX;
      if (wanted) compressed.set(address, { copies: false });
      later(
        (async () => {
          // Written into the build first ('wx': a file already there may be a link to a cache
          // entry, never written through), then linked into the cache.
          await writeFile(target, bytes, { flag: 'wx' }).catch(async (e: NodeJS.ErrnoException) => {
            if (e.code !== 'EEXIST') throw e;
            await rm(target, { force: true });
            await writeFile(target, bytes, { flag: 'wx' });
          });
          await linkInto(target, entry).catch((e: NodeJS.ErrnoException) => {
            if (e.code !== 'EEXIST') throw e;
          });
          if (!wanted) return;
          const copies = await compressBuffer(bytes, levels(rel, bytes.length));
          if (!copies) {
            await writeFile(`${entry}.none`, '');
            return;
          }
          await Promise.all([writeFile(`${target}.br`, copies.br), writeFile(`${target}.gz`, copies.gz)]);
          // The gzip copy last: its presence says the entry is complete.
          await linkInto(`${target}.br`, `${entry}.br`);
          await linkInto(`${target}.gz`, `${entry}.gz`);
          compressed.set(address, { copies: true, size: bytes.length, br: copies.br.length });
        })(),
      );
      while (inFlight.size >= IN_FLIGHT) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    if (failure) throw failure;
    prunePages(cacheDir);
    return { pages: pages.length, rendered, loadMs, compressed };
  } finally {
    setFreezing(false);
  }
}
