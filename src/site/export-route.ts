import type { APIRoute } from 'astro';
import { getCatalog } from './catalog.ts';
import { notFoundFile, staticProps } from './static.ts';
import { CATALOG_EXPORTS, type CatalogExport } from '../standards/registry.ts';

/**
 * The route of one whole-catalog export of the registry that is rendered as a page (feed.xml,
 * sitemap.xml, robots.txt; catalog.jsonld and catalog.ttl are written by the build,
 * src/standards/exports.ts): `src/pages/<file>.ts` is `exportRoute('<file>')`. A page of its own
 * per file, not one route with a parameter: a rest parameter at the top collides with
 * src/pages/[...lang]/index.astro (Astro refuses two on-demand rest routes for one address),
 * and a named one would come before the on-demand pages under a language (/publish/), which
 * the build refuses (src/build/pages.ts). Rendered into a static file by the build
 * (src/build/freeze.ts), never on request: served, it only answers 404.
 */
export function exportRoute(file: string): { staticPaths: () => { params: Record<string, never>; props: { entry: CatalogExport } }[]; GET: APIRoute } {
  const entry = CATALOG_EXPORTS.find((e) => e.file === file && e.render);
  if (!entry) throw new Error(`no whole-catalog export rendered as "${file}" in src/standards/registry.ts`);
  const staticPaths = () => [{ params: {}, props: { entry } }];
  const GET: APIRoute = async ({ params }) => {
    if (!staticProps(params, staticPaths)) return notFoundFile();
    return new Response(await entry.render!(getCatalog()), { headers: { 'Content-Type': entry.mediaType } });
  };
  return { staticPaths, GET };
}
