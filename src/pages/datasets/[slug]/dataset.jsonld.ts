import type { APIRoute } from 'astro';
import type { LoadedDataset } from '../../../content/load.ts';
import { getCatalog } from '../../../site/catalog.ts';
import { datasetGraph, toJsonLd } from '../../../standards/dcat.ts';
import { catalogChecksums } from '../../../standards/exports.ts';

export function getStaticPaths() {
  return getCatalog().datasets.map((d) => ({ params: { slug: d.slug }, props: { dataset: d } }));
}

/** One dataset in DCAT-AP 3.0.1 JSON-LD. */
export const GET: APIRoute = async ({ props }) => {
  const catalog = getCatalog();
  const doc = toJsonLd(datasetGraph(catalog, (props as { dataset: LoadedDataset }).dataset, { checksums: await catalogChecksums(catalog) }));
  return new Response(JSON.stringify(doc), { headers: { 'Content-Type': 'application/ld+json' } });
};
