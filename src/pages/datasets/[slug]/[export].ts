import type { APIRoute } from 'astro';
import type { LoadedDataset } from '../../../content/load.ts';
import { getCatalog } from '../../../site/catalog.ts';
import { notFoundFile, staticProps } from '../../../site/static.ts';
import { DATASET_EXPORTS, type DatasetExport } from '../../../standards/registry.ts';

/** Every per-dataset export of the registry (datapackage.json, dataset.jsonld), for every dataset. */
export const prerender = false;
/** Rendered into static files by the build (src/build/freeze.ts), never on request. */
export function staticPaths() {
  return getCatalog().datasets.flatMap((d) => DATASET_EXPORTS.map((e) => ({ params: { slug: d.slug, export: e.file }, props: { dataset: d, entry: e } })));
}

export const GET: APIRoute = async ({ params }) => {
  const props = staticProps(params, staticPaths);
  if (!props) return notFoundFile();
  const { dataset, entry } = props as { dataset: LoadedDataset; entry: DatasetExport };
  return new Response(await entry.render(getCatalog(), dataset), { headers: { 'Content-Type': entry.mediaType } });
};
