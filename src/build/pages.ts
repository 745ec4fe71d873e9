// Every static file the pages give: the routes that export staticPaths() (src/site/static.ts),
// each address they list, and the file Astro's own static generation would write for it
// (build.format "directory").
import { join } from 'node:path';
import type { APIContext, RouteData } from 'astro';
import type { BuiltApp } from './built-app.ts';

export type Params = Record<string, string | undefined>;

export interface StaticPage {
  route: RouteData;
  params: Params;
  /** The address the page answers (`/fr/datasets/x/`, `/catalog.jsonld`). */
  address: string;
  /** Where it is written, relative to dist/client. */
  file: string;
}

/** Astro's output file of a static address (getOutputFilename, directory format). */
export function outputFile(route: RouteData, address: string): string {
  const name = address.replace(/^\/+|\/+$/g, '');
  if (route.type === 'endpoint') return name;
  if (name === '') return 'index.html';
  return join(name, 'index.html');
}

/**
 * Served, a static route answers 404 but is still matched: one that comes before an on-demand
 * route in Astro's order and matches its addresses would hide it. Each on-demand route is tried
 * with sample parameters (a rest parameter empty and not) against the static routes before it.
 */
function hiddenRoutes(routes: readonly RouteData[], isStatic: readonly boolean[]): string[] {
  const problems: string[] = [];
  routes.forEach((route, j) => {
    if (isStatic[j]) return;
    for (const rest of [undefined, 'sample']) {
      const params = Object.fromEntries(route.params.map((p) => (p.startsWith('...') ? [p.slice(3), rest] : [p, 'sample'])));
      const address = route.generate(params) || '/';
      const before = routes.findIndex((r, i) => i < j && isStatic[i] && r.pattern.test(address));
      if (before >= 0) problems.push(`${routes[before]!.component} would answer ${address}, an address of ${route.component}`);
    }
  });
  return problems;
}

export async function listPages(built: BuiltApp): Promise<StaticPage[]> {
  const pages: StaticPage[] = [];
  const modules = await Promise.all(built.routes.map((route) => built.module(route)));
  const isStatic = modules.map((mod) => typeof mod.staticPaths === 'function');
  const hidden = hiddenRoutes(built.routes, isStatic);
  if (hidden.length > 0) throw new Error(`static routes come before on-demand ones in Astro's route order:\n${hidden.join('\n')}\n(make the static route less specific, e.g. a rest parameter)`);
  for (const [i, route] of built.routes.entries()) {
    const mod = modules[i]!;
    if (typeof mod.staticPaths !== 'function') continue;
    for (const { params } of mod.staticPaths()) {
      const clean: Params = {};
      for (const [k, v] of Object.entries(params)) clean[k] = v === undefined ? undefined : String(v);
      const generated = route.generate(clean) || '/';
      // Astro requests a directory page with its trailing slash.
      const address = route.type === 'page' && !generated.endsWith('/') ? `${generated}/` : generated;
      pages.push({ route, params: clean, address, file: mod.staticFile ?? outputFile(route, address) });
    }
  }
  return pages;
}

/**
 * Render one page with the built app (the build is rendering: src/site/static.ts setFreezing).
 * An endpoint's handler is called directly, with the parameters its staticPaths() gave: Astro's
 * pipeline around it (render context, middleware, routing) cost more than the handler itself,
 * 0.5 ms of 0.85 ms for a dataset's export, and adds nothing to its bytes. The static endpoints
 * read only `params`; the context also has the request and its URL.
 */
export async function renderPage(built: BuiltApp, page: StaticPage): Promise<Buffer> {
  const request = new Request(new URL(page.address, 'http://localhost'));
  const handler = page.route.type === 'endpoint' ? (await built.module(page.route)).GET : undefined;
  const response = handler
    ? await handler({ params: page.params, request, url: new URL(request.url), props: {}, locals: {} } as unknown as APIContext)
    : await built.app.render(request, { routeData: page.route });
  if (response.status !== 200) throw new Error(`${page.address} (${page.route.component}): the page answered ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}
