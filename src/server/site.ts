import { existsSync, readFileSync, watch, type FSWatcher } from 'node:fs';
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RuntimeCatalog } from '../site/runtime-catalog-types.ts';
import { currentBuild } from './builds.ts';
import { loadPrecompressed } from './http/compression.ts';
import { loadFileCharsets } from '../site/file-charsets.ts';
import type { PageStrings } from './http/answers.ts';

/**
 * One build as the server serves it: Astro's handler imported from that build's own folder,
 * its static files, the list of precompressed copies and its runtime catalog. A reload builds a
 * new one and swaps it in with one assignment (SiteSwitch), so a request sees one build from
 * start to end.
 */
export interface ServedSite {
  /** The build folder (real path, not the dist/ link). */
  dir: string;
  handler: RequestListener;
  clientDir: string;
  precompressed: ReadonlySet<string>;
  charsets: ReadonlyMap<string, string>;
  catalog: RuntimeCatalog;
  strings: PageStrings;
  /** Requests this build is still answering. */
  inFlight: number;
}

/**
 * Import a build. Its entry is imported from the build's real path, different for every build,
 * so Node loads fresh modules (Astro's page modules are not content-hashed: importing the same
 * path again would give the old ones) and each build's routes read their own runtime files.
 */
export async function loadSite(pointer: string): Promise<ServedSite> {
  const dir = currentBuild(pointer);
  const entry = join(dir, 'server', 'entry.mjs');
  if (!existsSync(entry)) throw new Error(`No built site in ${dir}: run "npm run build" first (or "npm start" to validate, build and serve).`);
  // The adapter would start its own server on import; we want only its handler.
  process.env.ASTRO_NODE_AUTOSTART = 'disabled';
  const catalog = JSON.parse(readFileSync(join(dir, 'portal', 'catalog.json'), 'utf8')) as RuntimeCatalog;
  const { handler } = (await import(pathToFileURL(entry).href)) as { handler: RequestListener };
  return {
    dir,
    handler,
    clientDir: join(dir, 'client'),
    precompressed: loadPrecompressed(dir),
    charsets: loadFileCharsets(dir),
    catalog,
    strings: { languages: catalog.portal.languages, ui: catalog.ui },
    inFlight: 0,
  };
}

/** What the new build's routes load on first use, asked for before it is served (their answers are dropped). */
export const WARM_UP = ['/api/search?q=warm', '/api/3/action/package_list?limit=1', '/api/3/action/status_show'];

/**
 * Ask the new build's own routes for what they load lazily (the search index, the CKAN index:
 * seconds at 10,000 datasets) on a loopback port of its own, before it is served: the first
 * readers after a switch wait for nothing. Says how long it took, or why it could not.
 */
export async function warmUp(site: ServedSite, paths: readonly string[] = WARM_UP): Promise<string> {
  const started = Date.now();
  const server = createServer(site.handler);
  try {
    await new Promise<void>((done, fail) => server.once('error', fail).listen(0, '127.0.0.1', done));
    const { port } = server.address() as AddressInfo;
    for (const path of paths) {
      const res = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(30_000) });
      await res.arrayBuffer();
    }
    return `warmed in ${Date.now() - started} ms`;
  } catch (e) {
    return `not warmed (${(e as Error).message})`;
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

/** How often the link is checked besides file-system notifications (which some file systems lack). */
export const POLL_MS = 1000;

/**
 * The build being served, switched when dist/ starts leading to another build: fs.watch on the
 * folder holding the link (a rename there is the switch), a poll as a fallback, and SIGHUP (see
 * scripts/serve.ts) for an explicit reload. A build that cannot be loaded is logged and the
 * current one kept.
 */
export class SiteSwitch {
  private loading: Promise<void> | undefined;
  private again = false;
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  readonly retired: ServedSite[] = [];

  constructor(
    readonly pointer: string,
    public current: ServedSite,
    private readonly log: (line: string) => void = (line) => console.log(line),
  ) {}

  /** Serve the build the link leads to now, if it is another one. Single-flight: calls during a load run once more after it. */
  reload(): Promise<void> {
    if (this.loading) {
      this.again = true;
      return this.loading;
    }
    this.loading = (async () => {
      do {
        this.again = false;
        let dir: string;
        try {
          dir = currentBuild(this.pointer);
        } catch {
          continue; // between the two renames of a first switch: the next event or poll sees it
        }
        if (dir === this.current.dir) continue;
        try {
          const next = await loadSite(this.pointer);
          const warmed = await warmUp(next);
          const previous = this.current;
          this.current = next;
          this.retired.push(previous);
          this.log(
            `serving the new build ${basename(next.dir)} (${next.catalog.datasets.length} datasets, built ${next.catalog.builtAt}; ${warmed}); ${previous.inFlight} request(s) finishing on the previous one`,
          );
        } catch (e) {
          this.log(`the new build in ${dir} could not be loaded, still serving ${basename(this.current.dir)}: ${(e as Error).message}`);
        }
      } while (this.again);
    })().finally(() => (this.loading = undefined));
    return this.loading;
  }

  /** Follow the link: notifications on its folder, and a poll. */
  watch(pollMs = POLL_MS): void {
    const folder = dirname(this.pointer);
    const name = basename(this.pointer);
    try {
      this.watcher = watch(folder, (_event, file) => {
        if (file === null || file === name) void this.reload();
      });
      this.watcher.on('error', () => this.watcher?.close());
    } catch {
      // No notifications here: the poll alone follows the link.
    }
    this.timer = setInterval(() => void this.reload(), pollMs);
    this.timer.unref();
  }

  close(): void {
    this.watcher?.close();
    if (this.timer) clearInterval(this.timer);
  }

  /** The build to answer a request with, counted until the answer is finished. */
  enter(onDone: (done: () => void) => void): ServedSite {
    const site = this.current;
    site.inFlight++;
    onDone(() => {
      site.inFlight--;
      if (site !== this.current && site.inFlight === 0) {
        const i = this.retired.indexOf(site);
        if (i >= 0) this.retired.splice(i, 1);
      }
    });
    return site;
  }
}
