import type { APIRoute } from 'astro';
import { getCatalog } from '../site/catalog.ts';
import { catalogGraph, toJsonLd } from '../standards/dcat.ts';
import { catalogChecksums } from '../standards/exports.ts';

/** The whole catalog in DCAT-AP 3.0.1, JSON-LD (inline context: nothing to fetch). */
export const GET: APIRoute = async () => {
  const catalog = getCatalog();
  const doc = toJsonLd(catalogGraph(catalog, { checksums: await catalogChecksums(catalog) }));
  return new Response(JSON.stringify(doc), { headers: { 'Content-Type': 'application/ld+json' } });
};
