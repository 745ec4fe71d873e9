import type { APIRoute } from 'astro';
import { getCatalog } from '../site/catalog.ts';
import { catalogGraph, toTurtle } from '../standards/dcat.ts';
import { catalogChecksums } from '../standards/exports.ts';

/** The same DCAT-AP graph as /catalog.jsonld, in Turtle. */
export const GET: APIRoute = async () => {
  const catalog = getCatalog();
  return new Response(toTurtle(catalogGraph(catalog, { checksums: await catalogChecksums(catalog) })), { headers: { 'Content-Type': 'text/turtle; charset=utf-8' } });
};
