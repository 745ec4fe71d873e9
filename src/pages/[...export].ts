import type { APIRoute } from 'astro';
import { getCatalog } from '../site/catalog.ts';
import { notFoundFile, staticProps } from '../site/static.ts';
import { CATALOG_EXPORTS, type CatalogExport } from '../standards/registry.ts';

/**
 * The whole-catalog exports of the registry that are rendered as pages (feed.xml, sitemap.xml,
 * robots.txt; catalog.jsonld and catalog.ttl are written by the build, src/standards/exports.ts). A rest parameter, so that served (where it only answers 404) it comes after every
 * on-demand page of one segment (/datasets/, /publish/, /reporting/) in Astro's route order.
 */
export const prerender = false;
/** Rendered into static files by the build (src/build/freeze.ts), never on request. */
export function staticPaths() {
  return CATALOG_EXPORTS.filter((e) => e.render).map((e) => ({ params: { export: e.file }, props: { entry: e } }));
}

export const GET: APIRoute = async ({ params }) => {
  const props = staticProps(params, staticPaths);
  if (!props) return notFoundFile();
  const { entry } = props as { entry: CatalogExport };
  return new Response(await entry.render!(getCatalog()), { headers: { 'Content-Type': entry.mediaType } });
};
