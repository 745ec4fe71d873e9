// The Astro bundle of a build, loaded in the build process to render its static pages without
// `astro build`: the same page modules, manifest and renderers Astro itself prerenders with.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { APIContext, RouteData, SSRManifest } from 'astro';
import { App } from 'astro/app';

export interface PageModule {
  staticPaths?: () => { params: Record<string, string | number | undefined> }[];
  /** The file to write instead of the address's own (the 404 page). */
  staticFile?: string;
  /** An endpoint's handler. */
  GET?: (context: APIContext) => Response | Promise<Response>;
}

export interface BuiltApp {
  app: App;
  /** Every page and endpoint route, in the manifest's order. */
  routes: RouteData[];
  /** The page module of a route (its exports: staticPaths, the component or GET). */
  module: (route: RouteData) => Promise<PageModule>;
}

const once = <T>(load: () => T | Promise<T>): (() => Promise<T>) => {
  let loaded: Promise<T> | undefined;
  return () => (loaded ??= Promise.resolve(load()));
};

/**
 * Import `<dir>/server/entry.mjs` without starting its server, and the manifest it completed
 * (pages, renderers, middleware). The build's real path is imported, so each build's modules are
 * fresh (src/server/site.ts loads a served build the same way).
 */
export async function loadBuiltApp(dir: string): Promise<BuiltApp> {
  const entry = join(dir, 'server', 'entry.mjs');
  if (!existsSync(entry)) throw new Error(`No Astro bundle in ${dir}: ${entry} is missing.`);
  const source = readFileSync(entry, 'utf8');
  const manifestFile = /import \{ manifest \} from '\.\/(manifest_[\w-]+\.mjs)';/.exec(source)?.[1];
  if (!manifestFile) throw new Error(`${entry}: no manifest import found (an @astrojs/node entry of another shape?).`);
  process.env.ASTRO_NODE_AUTOSTART = 'disabled';
  const { pageMap } = (await import(pathToFileURL(entry).href)) as { pageMap: Map<string, () => Promise<unknown>> };
  // The entry assigned its page map, renderers and middleware to this same module's object.
  const { manifest } = (await import(pathToFileURL(join(dir, 'server', manifestFile)).href)) as { manifest: SSRManifest };
  // Astro's App imports the actions module and the route's module again for every page it
  // renders: dynamic import()s that, under tsx, are resolved by its loader thread each time
  // (about 0.3 ms a page). Each is imported once here; the map is the manifest's own.
  for (const [component, load] of pageMap) pageMap.set(component, once(load));
  if (manifest.actions) manifest.actions = once(manifest.actions);
  const app = new App(manifest, false);
  const routes = manifest.routes.map((r) => r.routeData).filter((r) => (r.type === 'page' || r.type === 'endpoint') && r.component.startsWith('src/') && pageMap.has(r.component));
  const module = async (route: RouteData): Promise<PageModule> => {
    const entry = (await pageMap.get(route.component)!()) as { page?: () => Promise<PageModule> };
    // A prerendered route's module is emptied by Astro once its pages are written.
    return typeof entry.page === 'function' ? await entry.page() : {};
  };
  return { app, routes, module };
}
