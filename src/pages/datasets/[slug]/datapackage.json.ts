import type { APIRoute } from 'astro';
import type { LoadedDataset } from '../../../content/load.ts';
import { getCatalog } from '../../../site/catalog.ts';
import { dataPackage } from '../../../standards/datapackage.ts';
import { catalogChecksums } from '../../../standards/exports.ts';

export function getStaticPaths() {
  return getCatalog().datasets.map((d) => ({ params: { slug: d.slug }, props: { dataset: d } }));
}

/** Frictionless Data Package descriptor of the dataset. */
export const GET: APIRoute = async ({ props }) => {
  const catalog = getCatalog();
  const pkg = dataPackage(catalog, (props as { dataset: LoadedDataset }).dataset, await catalogChecksums(catalog));
  return new Response(JSON.stringify(pkg, null, 2), { headers: { 'Content-Type': 'application/json' } });
};
