// The static pages of a build, rendered by its own Astro bundle in the build process (not by
// `astro build`), each kept in PORTAL_CACHE/pages/ under a key of everything it reads: the
// bundle, and the content it depends on. A page whose key is unchanged is linked from the cache.
import { createHash } from 'node:crypto';
import { copyFileSync, linkSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Catalog } from '../content/load.ts';
import { getSite } from '../site/catalog.ts';
import { paramsKey, setFreezing } from '../site/static.ts';
import { type Handled, IN_MEMORY_MAX, isCompressible, levels, MIN_SIZE, WORTH_RATIO } from '../server/http/precompress.ts';
import { loadBuiltApp } from './built-app.ts';
import { contentKeysOf, KEYS_VERSION, type ContentKeys } from './keys.ts';
import { prunePages } from './prune.ts';
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

export interface FreezeResult {
  pages: number;
  /** Addresses rendered in this build (the others came from the cache). */
  rendered: string[];
  /** Time to load the bundle and list its pages. */
  loadMs: number;
  /** The files whose compressed copies were made (or linked) here, for precompress(). */
  compressed: Map<string, Handled>;
}

/** Pages handed to the writer and not yet written: the renderer waits when there are more. */
const IN_FLIGHT = 64;

/** Hard link `from` to `to`, replacing a file there, copying across file systems. */
function linkInto(from: string, to: string): void {
  try {
    linkSync(from, to);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      rmSync(to, { force: true });
      return linkInto(from, to);
    }
    if (code !== 'EXDEV' && code !== 'EPERM') throw e;
    copyFileSync(from, to);
  }
}

interface Written {
  id: number;
  error?: string;
  copies?: boolean;
  br?: number;
}

/** The page writer thread (src/build/page-writer.mjs): `write` resolves when the page and its copies are on disk. */
function pageWriter() {
  const worker = new Worker(new URL('./page-writer.mjs', import.meta.url), { workerData: { worthRatio: WORTH_RATIO } });
  const waiting = new Map<number, { resolve: (w: Written) => void; reject: (e: Error) => void }>();
  let failed: Error | undefined;
  const fail = (e: Error) => {
    failed ??= e;
    for (const w of waiting.values()) w.reject(e);
    waiting.clear();
  };
  worker.on('message', (w: Written) => {
    const one = waiting.get(w.id);
    waiting.delete(w.id);
    if (w.error) fail(new Error(`a static page could not be written: ${w.error}`));
    else one?.resolve(w);
  });
  worker.on('error', fail);
  worker.on('exit', (code) => {
    if (waiting.size > 0) fail(new Error(`the page writer stopped (exit code ${code})`));
  });
  let next = 0;
  return {
    get pending() {
      return waiting.size;
    },
    write(target: string, entry: string, bytes: Buffer, level: { br: number; gz: number } | null): Promise<Written> {
      if (failed) return Promise.reject(failed);
      const id = ++next;
      // The page's own bytes are handed over (transferred), not copied.
      const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : Buffer.from(bytes);
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        worker.postMessage({ id, target, entry, bytes: own, level }, [own.buffer as ArrayBuffer]);
      });
    },
    close: () => worker.terminate(),
  };
}

/**
 * Render (or link from `cacheDir`) every static page of the build in `build` into its client
 * folder, with its brotli and gzip copies (the levels of src/server/http/precompress.ts).
 *
 * The main thread renders; a worker thread (src/build/page-writer.mjs) writes each rendered page
 * into the build, links it into the cache under its key (the link makes the entry appear
 * complete) and compresses it, keeping its copies in the cache next to it (`<key>.br`, `<key>.gz`,
 * or an empty `<key>.none` when they are not worth it). A page from the cache is linked with its
 * copies: no page file is read again, nor compressed.
 */
export async function freeze(build: string, bundleKey: string, cacheDir: string): Promise<FreezeResult> {
  const site = getSite();
  const keys = contentKeysOf(site.catalog, site.ui);
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
    const writer = pageWriter();
    const written: Promise<void>[] = [];
    let failure: unknown;
    try {
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
          linkInto(entry, target);
          if (cached.has(`${key}.gz`)) {
            linkInto(`${entry}.br`, `${target}.br`);
            linkInto(`${entry}.gz`, `${target}.gz`);
            compressed.set(address, { copies: true });
          } else if (cached.has(`${key}.none`)) compressed.set(address, { copies: false });
          // An entry kept before pages were compressed with it is left to precompress().
          continue;
        }
        const bytes = await renderPage(built, page);
        rendered.push(page.address);
        const rel = address.slice(1);
        const wanted = isCompressible(rel) && bytes.length >= MIN_SIZE && bytes.length <= IN_MEMORY_MAX;
        const size = bytes.length;
        written.push(
          writer.write(target, entry, bytes, wanted ? levels(rel, size) : null).then(
            (w) => {
              if (wanted) compressed.set(address, w.copies ? { copies: true, size, br: w.br } : { copies: false });
            },
            (e: unknown) => {
              failure ??= e;
            },
          ),
        );
        // Rendering runs ahead of writing by a few pages at most (their bytes are held until written).
        if (writer.pending >= IN_FLIGHT) await Promise.race(written.slice(-IN_FLIGHT));
      }
      await Promise.all(written);
      if (failure) throw failure;
    } finally {
      await writer.close();
    }
    prunePages(cacheDir);
    return { pages: pages.length, rendered, loadMs, compressed };
  } finally {
    setFreezing(false);
  }
}
