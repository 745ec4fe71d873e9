import type { APIRoute } from 'astro';
import type { LoadedDataset } from '../../../content/load.ts';
import { getCatalog } from '../../../site/catalog.ts';
import { DATASET_EXPORTS, type DatasetExport } from '../../../standards/registry.ts';

/** Every per-dataset export of the registry (datapackage.json, dataset.jsonld), for every dataset. */
export function getStaticPaths() {
  return getCatalog().datasets.flatMap((d) => DATASET_EXPORTS.map((e) => ({ params: { slug: d.slug, export: e.file }, props: { dataset: d, entry: e } })));
}

export const GET: APIRoute = async ({ props }) => {
  const { dataset, entry } = props as { dataset: LoadedDataset; entry: DatasetExport };
  return new Response(await entry.render(getCatalog(), dataset), { headers: { 'Content-Type': entry.mediaType } });
};
