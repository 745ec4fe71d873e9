import type { APIRoute } from 'astro';
import { getCatalog } from '../site/catalog.ts';
import { CATALOG_EXPORTS, type CatalogExport } from '../standards/registry.ts';

/** Every whole-catalog export of the registry (catalog.jsonld, catalog.ttl, feed.xml, sitemap.xml, robots.txt). */
export function getStaticPaths() {
  return CATALOG_EXPORTS.map((e) => ({ params: { export: e.file }, props: { entry: e } }));
}

export const GET: APIRoute = async ({ props }) => {
  const { entry } = props as { entry: CatalogExport };
  return new Response(await entry.render(getCatalog()), { headers: { 'Content-Type': entry.mediaType } });
};
